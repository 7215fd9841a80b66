import { Session } from '@arctrigger/contracts';

/**
 * NYSE calendar in US/Eastern: premarket 04:00–09:30, regular 09:30–16:00 (13:00 on early-close
 * days), after-hours until 20:00 (17:00 on early-close days); closed on weekends and holidays.
 */
const HOLIDAYS = new Set([
  // 2025
  '2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04',
  '2025-09-01', '2025-11-27', '2025-12-25',
  // 2026
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07',
  '2026-11-26', '2026-12-25',
  // 2027
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06',
  '2027-11-25', '2027-12-24',
  // 2028
  '2028-01-17', '2028-02-21', '2028-04-14', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-11-23',
  '2028-12-25',
]);

const EARLY_CLOSES = new Set(['2025-07-03', '2025-11-28', '2025-12-24', '2026-11-27', '2026-12-24', '2027-11-26', '2028-07-03', '2028-11-24']);

const etFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
});

export interface EasternParts {
  date: string; // YYYY-MM-DD
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function easternParts(epochMs: number): EasternParts {
  const parts: Record<string, string> = {};
  for (const p of etFormatter.formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    year,
    month,
    day,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday as string] ?? 0,
  };
}

/** Epoch ms of a wall-clock time in US/Eastern. */
export function easternToEpoch(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (t: number) => {
    const p = easternParts(t);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
  };
  const first = guess - offsetAt(guess);
  const second = guess - offsetAt(first);
  return second;
}

/** Session boundaries of one US/Eastern trading day, as epoch ms. */
export interface TradingDay {
  date: string;
  isTradingDay: boolean;
  earlyClose: boolean;
  dayStart: number;
  dayEnd: number;
  premarketOpen: number;
  regularOpen: number;
  regularClose: number;
  afterHoursClose: number;
}

const CACHED_DAYS = 8;

export class MarketCalendar {
  /**
   * The days looked up lately, the last one asked for first: today and the next few
   * (nextRegularOpen walks ahead) stay cached together instead of evicting each other.
   */
  private readonly cached: TradingDay[] = [];

  /** The session at an instant. Cheap on the hot path: one comparison chain within a cached day. */
  sessionAt(epochMs: number): Session {
    const day = this.dayOf(epochMs);
    if (!day.isTradingDay) return Session.CLOSED;
    if (epochMs < day.premarketOpen) return Session.CLOSED;
    if (epochMs < day.regularOpen) return Session.PREMARKET;
    if (epochMs < day.regularClose) return Session.REGULAR;
    if (epochMs < day.afterHoursClose) return Session.AFTER_HOURS;
    return Session.CLOSED;
  }

  isTradingDay(date: string): boolean {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(date);
  }

  dayOf(epochMs: number): TradingDay {
    const first = this.cached[0];
    if (first && epochMs >= first.dayStart && epochMs < first.dayEnd) return first; // the hot path: one comparison
    const i = this.cached.findIndex((c) => epochMs >= c.dayStart && epochMs < c.dayEnd);
    if (i > 0) {
      // The day asked for moves to the front, so `sessionAt(now)` after `nextRegularOpen` walked
      // ahead is one comparison again.
      const [hit] = this.cached.splice(i, 1);
      this.cached.unshift(hit!);
      return hit!;
    }
    const p = easternParts(epochMs);
    const day = this.buildDay(p.year, p.month, p.day);
    this.cached.unshift(day);
    if (this.cached.length > CACHED_DAYS) this.cached.pop();
    return day;
  }

  /** The next regular-session open strictly after `epochMs`. */
  nextRegularOpen(epochMs: number): number {
    let t = epochMs;
    for (let i = 0; i < 15; i++) {
      const day = this.dayOf(t);
      if (day.isTradingDay && day.regularOpen > epochMs) return day.regularOpen;
      t = day.dayEnd + 1;
    }
    throw new Error('no regular open within 15 days');
  }

  private buildDay(year: number, month: number, day: number): TradingDay {
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const dayStart = easternToEpoch(year, month, day, 0, 0);
    const next = new Date(Date.UTC(year, month - 1, day + 1));
    const dayEnd = easternToEpoch(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0);
    const earlyClose = EARLY_CLOSES.has(date);
    // Each boundary is converted on its own: on DST-change days 04:00 is not dayStart + 4 h.
    const at = (h: number, m = 0) => easternToEpoch(year, month, day, h, m);
    return {
      date,
      isTradingDay: this.isTradingDay(date),
      earlyClose,
      dayStart,
      dayEnd,
      premarketOpen: at(4),
      regularOpen: at(9, 30),
      regularClose: earlyClose ? at(13) : at(16),
      afterHoursClose: earlyClose ? at(17) : at(20),
    };
  }
}
