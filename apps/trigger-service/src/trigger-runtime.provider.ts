import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Meter } from '@opentelemetry/api';
import { Bus, HealthReporter, CLOCK, LOGGER, MARKET_CALENDAR, METER, SERVICE_CONFIG, type Clock, type MarketCalendar } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { TriggerRuntime } from './app/trigger-runtime';
import { TriggerMetrics } from './app/trigger-metrics';
import type { TriggerServiceConfig } from './config';

/**
 * Nest edge: loads the trigger runtime when the module initialises (the commands then answer, see
 * TriggerCommandsController), starts its work once the service listens (main's `onReady`), and
 * stops it on shutdown.
 */
@Injectable()
export class TriggerRuntimeProvider implements OnModuleInit, OnApplicationShutdown {
  readonly runtime: TriggerRuntime;

  constructor(
    bus: Bus,
    @Inject(CLOCK) clock: Clock,
    @Inject(MARKET_CALENDAR) calendar: MarketCalendar,
    @Inject(SERVICE_CONFIG) config: TriggerServiceConfig,
    @Inject(LOGGER) logger: Logger,
    health: HealthReporter,
    @Inject(METER) meter: Meter,
  ) {
    this.runtime = new TriggerRuntime({ bus, clock, calendar, config, instanceId: bus.options.instanceId, logger, metrics: new TriggerMetrics(meter) });
    // Counters in the health answer: operators (and the benchmark) read them with sys.health.v1.
    health.addCheck({
      name: 'trigger-engine',
      check: () => {
        if (!this.runtime.live) return { ok: false, detail: 'starting' };
        const e = this.runtime.engine;
        const c = e.counters;
        return { ok: true, detail: `partitions=${this.runtime.leases.owned.size} triggers=${e.index.size} ticks=${c.ticks} stale=${c.staleTicks} fired=${c.fired}` };
      },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.load();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
