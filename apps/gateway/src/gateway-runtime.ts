import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Meter } from '@opentelemetry/api';
import { Bus, CLOCK, HealthReporter, LOGGER, METER, SERVICE_CONFIG, type Clock, type Logger } from '@arctrigger/service-kit';
import { Gateway } from './app/gateway';
import { GatewayMetrics } from './app/gateway-metrics';
import type { GatewayConfig } from './config';

/**
 * Nest edge: builds the gateway (state restored) when the module initialises, connects it to TWS
 * once the request handlers answer (`startSession`, from runService's onReady), stops it on shutdown.
 */
@Injectable()
export class GatewayRuntime implements OnModuleInit, OnApplicationShutdown {
  private built: Gateway | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly health: HealthReporter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(METER) private readonly meter: Meter,
  ) {}

  get gateway(): Gateway {
    if (!this.built) throw new Error('the gateway is not built yet');
    return this.built;
  }

  async onModuleInit(): Promise<void> {
    const gateway = await Gateway.create({ bus: this.bus, clock: this.clock, logger: this.logger, config: this.config, metrics: new GatewayMetrics(this.meter) });
    this.built = gateway;
    this.health.addCheck({ name: 'tws', check: () => gateway.healthCheck() });
  }

  startSession(): void {
    this.gateway.startSession();
  }

  onApplicationShutdown(): void {
    this.built?.stop();
  }
}
