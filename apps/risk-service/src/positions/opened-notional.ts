import type { Cents } from '../rules/money';
import type { PositionRecord } from './position';

/**
 * Premium paid by entry fills, summed over every position per risk day and per underlying: what
 * the daily and per-underlying caps count as used. Kept up to date as position records are
 * replaced (one record's old contribution out, its new one in), so a check reads it in O(1).
 */
export class OpenedNotional {
  private readonly byDay = new Map<string, number>();
  private readonly byDayAndUnderlying = new Map<string, number>();

  /** Replaces `previous` (absent for a new trade) by `next` in the sums. */
  replace(previous: PositionRecord | undefined, next: PositionRecord): void {
    if (previous) this.add(previous, -1);
    this.add(next, 1);
  }

  /** Entry premium filled on `day`, over every trade. */
  onDay(day: string): Cents {
    return (this.byDay.get(day) ?? 0) as Cents;
  }

  /** Entry premium filled on `day` in contracts of `underlying`. */
  onDayFor(day: string, underlying: string): Cents {
    return (this.byDayAndUnderlying.get(keyOf(day, underlying)) ?? 0) as Cents;
  }

  private add(position: PositionRecord, sign: 1 | -1): void {
    for (const [day, cents] of Object.entries(position.openedByDay)) {
      bump(this.byDay, day, sign * cents);
      if (position.underlying !== null) bump(this.byDayAndUnderlying, keyOf(day, position.underlying), sign * cents);
    }
  }
}

function keyOf(day: string, underlying: string): string {
  return `${day}\u0000${underlying}`;
}

function bump(sums: Map<string, number>, key: string, by: number): void {
  const next = (sums.get(key) ?? 0) + by;
  if (next === 0) sums.delete(key);
  else sums.set(key, next);
}
