import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Bus, CLOCK, MARKET_CALENDAR, SERVICE_CONFIG, type Clock, type MarketCalendar } from '@arctrigger/service-kit';
import type { WatchlistServiceConfig } from '../config';
import { WatchlistApp } from '../watchlist-app';

/** Starts the watchlist-service's lists, schedule and quote leases with the platform's Bus, Clock and calendar. */
@Injectable()
export class WatchlistAppHost implements OnModuleInit, OnModuleDestroy {
  private started: WatchlistApp | undefined;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_CALENDAR) private readonly calendar: MarketCalendar,
    @Inject(SERVICE_CONFIG) private readonly config: WatchlistServiceConfig,
  ) {}

  get app(): WatchlistApp {
    if (!this.started) throw new Error('the watchlist-service is not started yet');
    return this.started;
  }

  async onModuleInit(): Promise<void> {
    this.started = await WatchlistApp.start({ bus: this.bus, clock: this.clock, calendar: this.calendar, config: this.config });
  }

  async onModuleDestroy(): Promise<void> {
    await this.started?.stop();
  }
}
