import type { MarketCalendar, TradingDay } from './market-calendar';

/**
 * The market sessions `npm start` can run the simulated system in, whatever the hour of the wall
 * clock: `now` is the wall clock itself.
 */
export const DemoSession = { REGULAR: 'regular', PREMARKET: 'premarket', AFTER_HOURS: 'after-hours', NOW: 'now' } as const;
export type DemoSession = (typeof DemoSession)[keyof typeof DemoSession];

/** A demo started with less than this left in its session starts in the next one instead. */
const MIN_TIME_LEFT_MS = 30 * 60_000;
const MINUTE = 60_000;

/** Where each session's window is in a trading day, and where a demo of it starts. */
const WINDOWS: Record<Exclude<DemoSession, 'now'>, (d: TradingDay) => { from: number; to: number; startAt: number }> = {
  // 09:45: options quote and fill from 09:30; a quarter of an hour in, the open's auction is past.
  regular: (d) => ({ from: d.regularOpen, to: d.regularClose, startAt: d.regularOpen + 15 * MINUTE }),
  // 09:00: premarket policies have the open half an hour away (hold re-arms at 09:30).
  premarket: (d) => ({ from: d.premarketOpen, to: d.regularOpen, startAt: d.regularOpen - 30 * MINUTE }),
  'after-hours': (d) => ({ from: d.regularClose, to: d.afterHoursClose, startAt: d.regularClose + 15 * MINUTE }),
};

/**
 * The instant a demo of `session` runs at, from `from` on: `from` itself when it is already inside
 * that session with at least half an hour left, otherwise the session's start on the next trading
 * day that has it ahead (09:45 ET for `regular`, 09:00 for `premarket`, 16:15 for `after-hours`,
 * early closes and holidays included). Never earlier than `from`.
 */
export function demoSessionStart(calendar: MarketCalendar, session: DemoSession, from: number): number {
  if (session === DemoSession.NOW) return from;
  const windowOf = WINDOWS[session];
  let t = from;
  for (let i = 0; i < 15; i++) {
    const day = calendar.dayOf(t);
    if (day.isTradingDay) {
      const w = windowOf(day);
      if (from >= w.from && from <= w.to - MIN_TIME_LEFT_MS) return from;
      if (w.startAt > from) return w.startAt;
    }
    t = day.dayEnd + 1;
  }
  throw new Error(`no ${session} session within 15 days of ${new Date(from).toISOString()}`);
}
