import { Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Bus, CLOCK, HealthReporter, LOGGER, SERVICE_CONFIG, type Clock, type Logger } from '@arctrigger/service-kit';
import { Gateway } from './app/gateway';
import type { GatewayConfig } from './config';

/** Starts the gateway when the Nest app starts and stops it on shutdown; nothing else. */
@Injectable()
export class GatewayRuntime implements OnModuleInit, OnApplicationShutdown {
  gateway: Gateway | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly health: HealthReporter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const gateway = await Gateway.start({ bus: this.bus, clock: this.clock, logger: this.logger, config: this.config });
    this.gateway = gateway;
    this.health.addCheck({ name: 'tws', check: () => gateway.healthCheck() });
  }

  onApplicationShutdown(): void {
    this.gateway?.stop();
  }
}

/** Root module of the gateway. */
@Module({ providers: [GatewayRuntime] })
export class GatewayModule {}
