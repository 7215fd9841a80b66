import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Meter } from '@opentelemetry/api';
import { Bus, CLOCK, MARKET_CALENDAR, METER, SERVICE_CONFIG, type Clock, type MarketCalendar } from '@arctrigger/service-kit';
import { RiskMetrics } from '../check/risk-metrics';
import type { RiskServiceConfig } from '../config';
import { RiskApp } from '../risk-app';

/** Starts the risk-service (stores, checks, consumers) with the platform's Bus, Clock and calendar. */
@Injectable()
export class RiskAppHost implements OnModuleInit, OnModuleDestroy {
  private started: RiskApp | undefined;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_CALENDAR) private readonly calendar: MarketCalendar,
    @Inject(SERVICE_CONFIG) private readonly config: RiskServiceConfig,
    @Inject(METER) private readonly meter: Meter,
  ) {}

  get app(): RiskApp {
    if (!this.started) throw new Error('the risk-service is not started yet');
    return this.started;
  }

  async onModuleInit(): Promise<void> {
    this.started = await RiskApp.start({ bus: this.bus, clock: this.clock, calendar: this.calendar, config: this.config, metrics: new RiskMetrics(this.meter) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.started?.stop();
  }
}
