import { Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Bus, CLOCK, LOGGER, SERVICE_CONFIG, type Clock } from '@arctrigger/service-kit';
import type { Logger } from '@arctrigger/service-kit';
import { Gateway } from './app/gateway';
import type { GatewayConfig } from './config';

/** Starts the gateway when the Nest app starts and stops it on shutdown; nothing else. */
@Injectable()
export class GatewayRuntime implements OnModuleInit, OnApplicationShutdown {
  gateway: Gateway | undefined;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.gateway = await Gateway.start({ bus: this.bus, clock: this.clock, logger: this.logger, config: this.config });
  }

  onApplicationShutdown(): void {
    this.gateway?.stop();
  }
}

/** Root module of the gateway. */
@Module({ providers: [GatewayRuntime] })
export class GatewayModule {}
