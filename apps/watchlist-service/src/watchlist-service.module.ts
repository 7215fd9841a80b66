import { Inject, Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Bus, CLOCK, MARKET_CALENDAR, SERVICE_CONFIG, type Clock, type MarketCalendar } from '@arctrigger/service-kit';
import type { WatchlistServiceConfig } from './config';
import { WatchlistApp } from './watchlist-app';

/** Starts the watchlist-service's bus handlers, schedule and quote leases with the platform's Bus, Clock and calendar. */
@Injectable()
export class WatchlistAppHost implements OnModuleInit, OnModuleDestroy {
  private app: WatchlistApp | undefined;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_CALENDAR) private readonly calendar: MarketCalendar,
    @Inject(SERVICE_CONFIG) private readonly config: WatchlistServiceConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.app = await WatchlistApp.start({ bus: this.bus, clock: this.clock, calendar: this.calendar, config: this.config });
  }

  async onModuleDestroy(): Promise<void> {
    await this.app?.stop();
  }
}

/** Root module of the watchlist-service. */
@Module({ providers: [WatchlistAppHost] })
export class WatchlistServiceModule {}
