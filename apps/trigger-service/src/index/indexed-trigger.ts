import type { TriggerId } from '@arctrigger/contracts';

/** Price sources as small integers so the hot path indexes arrays instead of hashing strings. */
export const SourceCode = { last: 0, bid: 1, ask: 2, mid: 3 } as const;
export type SourceCode = (typeof SourceCode)[keyof typeof SourceCode];
export const SOURCE_COUNT = 4;

/** Session scopes as integers: regular-only, or extended hours (premarket and after-hours too). */
export const ScopeCode = { regular: 0, extended: 1 } as const;
export type ScopeCode = (typeof ScopeCode)[keyof typeof ScopeCode];

/**
 * What the index keeps per armed trigger. Mutable on purpose: the index moves it between a book
 * and the confirmation list without allocating. Only the index writes `streak` and `since`.
 */
export interface IndexedTrigger {
  readonly id: TriggerId;
  readonly conId: number;
  readonly source: SourceCode;
  readonly scope: ScopeCode;
  /** true: fires when price > level; false: fires when price < level (strict crossing). */
  readonly above: boolean;
  level: number;
  /** Insertion order: breaks ties between equal levels so the order of a book is total. */
  seq: number;
  /** Consecutive ticks in condition required (0 = no tick confirmation). */
  readonly confirmTicks: number;
  /** Milliseconds in condition required (0 = no time confirmation). */
  readonly confirmMs: number;
  /** Ticks seen in condition while awaiting confirmation. */
  streak: number;
  /** Tick time at which the condition started to hold (confirmation). */
  since: number;
}

/** Strict crossing: equality never fires. */
export function conditionHolds(t: IndexedTrigger, price: number): boolean {
  return t.above ? price > t.level : price < t.level;
}

/** True when a trigger in condition has waited long enough (or needs no confirmation). */
export function confirmed(t: IndexedTrigger, time: number): boolean {
  if (t.confirmTicks > 0) return t.streak >= t.confirmTicks;
  if (t.confirmMs > 0) return time - t.since >= t.confirmMs;
  return true;
}

/** Reusable output list for the hot path: written by index, read by the caller, never reallocated. */
export class FiredBuffer {
  readonly items: IndexedTrigger[] = [];
  /** The price each fired trigger fired at (parallel to items). */
  readonly prices: number[] = [];
  count = 0;

  push(t: IndexedTrigger, price: number): void {
    this.items[this.count] = t;
    this.prices[this.count] = price;
    this.count++;
  }

  clear(): void {
    this.count = 0;
  }
}
