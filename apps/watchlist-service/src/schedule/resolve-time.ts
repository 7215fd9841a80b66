import { easternParts, easternToEpoch, type MarketCalendar } from '@arctrigger/service-kit';

/** A wall-clock time of day in US/Eastern. */
export interface EasternTime {
  hour: number;
  minute: number;
}

export function parseEasternTime(text: string): EasternTime {
  const [hour, minute] = text.split(':').map(Number) as [number, number];
  return { hour, minute };
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Enough days to get past any run of weekends and holidays. */
const LOOKAHEAD_DAYS = 15;

function at(epochMs: number, time: EasternTime): number {
  const p = easternParts(epochMs);
  return easternToEpoch(p.year, p.month, p.day, time.hour, time.minute);
}

/** The first resolve instant strictly after `now`: `time` on the next trading day that has it still ahead. */
export function nextResolveAt(now: number, time: EasternTime, calendar: MarketCalendar): number {
  let t = now;
  for (let i = 0; i < LOOKAHEAD_DAYS; i++, t = calendar.dayOf(t).dayEnd + 1) {
    const day = calendar.dayOf(t);
    const instant = at(day.dayStart + DAY_MS / 2, time);
    if (day.isTradingDay && instant > now) return instant;
  }
  throw new Error(`no trading day within ${LOOKAHEAD_DAYS} days of ${new Date(now).toISOString()}`);
}

/** The last resolve instant at or before `now` (a service that was down then resolves at start). */
export function previousResolveAt(now: number, time: EasternTime, calendar: MarketCalendar): number {
  let t = now;
  for (let i = 0; i < LOOKAHEAD_DAYS; i++, t = calendar.dayOf(t).dayStart - 1) {
    const day = calendar.dayOf(t);
    const instant = at(day.dayStart + DAY_MS / 2, time);
    if (day.isTradingDay && instant <= now) return instant;
  }
  throw new Error(`no trading day within ${LOOKAHEAD_DAYS} days before ${new Date(now).toISOString()}`);
}
