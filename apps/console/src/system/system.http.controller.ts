import { Controller, Inject } from '@nestjs/common';
import { Bus, CLOCK, listLiveServices, MARKET_CALENDAR, type Clock, type MarketCalendar } from '@arctrigger/service-kit';
import { Route } from '../http/route.decorator';
import { ConnectionMonitor } from './connection-monitor';
import { ServiceHealthMonitor } from './service-health-monitor';
import { SystemRoutes as R } from './system.routes';

/** How long the console gathers health answers from service instances. */
const HEALTH_WINDOW_MS = 300;

/** System: connection status, market clock and session, health of every service instance. */
@Controller()
export class SystemHttpController {
  constructor(
    private readonly bus: Bus,
    private readonly connection: ConnectionMonitor,
    private readonly monitor: ServiceHealthMonitor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_CALENDAR) private readonly calendar: MarketCalendar,
  ) {}

  @Route(R.status)
  async status() {
    return {
      connection: this.connection.current(),
      services: await listLiveServices(this.bus, HEALTH_WINDOW_MS),
      expected: this.monitor.expected(),
      clock: this.marketClock(),
      feeds: this.connection.feedStates(),
    };
  }

  @Route(R.health)
  async health() {
    return { services: await listLiveServices(this.bus, HEALTH_WINDOW_MS), expected: this.monitor.expected() };
  }

  @Route(R.connection)
  connectionState() {
    return { connection: this.connection.current() };
  }

  @Route(R.clock)
  clockNow() {
    return this.marketClock();
  }

  private marketClock() {
    const now = this.clock.now();
    const day = this.calendar.dayOf(now);
    return {
      now,
      session: this.calendar.sessionAt(now),
      date: day.date,
      isTradingDay: day.isTradingDay,
      earlyClose: day.earlyClose,
      regularOpen: day.regularOpen,
      regularClose: day.regularClose,
      nextRegularOpen: this.calendar.nextRegularOpen(now),
    };
  }
}
