import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Bus, CLOCK, LOGGER, MARKET_CALENDAR, SERVICE_CONFIG, type Clock, type MarketCalendar } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { TriggerRuntime } from './app/trigger-runtime';
import type { TriggerServiceConfig } from './config';

/** Nest edge: starts the trigger runtime when the module initialises and stops it on shutdown. */
@Injectable()
export class TriggerRuntimeProvider implements OnModuleInit, OnApplicationShutdown {
  readonly runtime: TriggerRuntime;

  constructor(
    bus: Bus,
    @Inject(CLOCK) clock: Clock,
    @Inject(MARKET_CALENDAR) calendar: MarketCalendar,
    @Inject(SERVICE_CONFIG) config: TriggerServiceConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.runtime = new TriggerRuntime({ bus, clock, calendar, config, instanceId: bus.options.instanceId, logger });
  }

  async onModuleInit(): Promise<void> {
    await this.runtime.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
