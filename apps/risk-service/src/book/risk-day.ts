import { easternParts } from '@arctrigger/service-kit';

/** A wall-clock time of day in US/Eastern, `HH:MM`, at which the risk day rolls. */
export interface DayRoll {
  readonly hour: number;
  readonly minute: number;
}

export function parseDayRoll(text: string): DayRoll {
  const [hour, minute] = text.split(':').map(Number) as [number, number];
  return { hour, minute };
}

/**
 * The risk day an instant belongs to: the US/Eastern date on which that day started. With a roll
 * at 17:00, Tuesday 16:59 ET is still Monday's day and 17:00 starts Tuesday's. With the default
 * 00:00 it is simply the US/Eastern date. Computed from wall-clock parts, so DST changes do not
 * shift the roll.
 */
export function riskDayAt(epochMs: number, roll: DayRoll): string {
  const p = easternParts(epochMs);
  if (p.hour * 60 + p.minute >= roll.hour * 60 + roll.minute) return p.date;
  const previous = new Date(Date.UTC(p.year, p.month - 1, p.day - 1));
  return previous.toISOString().slice(0, 10);
}

const MINUTE_MS = 60_000;

/**
 * `riskDayAt` for one roll, remembering the last minute asked about: the loss monitor asks on
 * every quote of a held contract, and a roll (whole minutes) or a DST change (whole hours) never
 * falls inside a minute.
 */
export function riskDayClock(roll: DayRoll): (epochMs: number) => string {
  let minute = NaN;
  let day = '';
  return (epochMs) => {
    const m = Math.floor(epochMs / MINUTE_MS);
    if (m !== minute) {
      day = riskDayAt(epochMs, roll);
      minute = m;
    }
    return day;
  };
}
