import type { TriggerId } from '@arctrigger/contracts';

/** Price sources as small integers so the hot path indexes arrays instead of hashing strings. */
export const SourceCode = { last: 0, bid: 1, ask: 2, mid: 3 } as const;
export type SourceCode = (typeof SourceCode)[keyof typeof SourceCode];
export const SOURCE_COUNT = 4;

/** Session scopes as integers: regular-only, or extended hours (premarket and after-hours too). */
export const ScopeCode = { regular: 0, extended: 1 } as const;
export type ScopeCode = (typeof ScopeCode)[keyof typeof ScopeCode];

/**
 * A trigger as the index is given it (and as `TriggerIndex.get` describes it). The index does not
 * keep this object: it copies the fields into its struct of arrays (see TriggerSlots).
 */
export interface IndexedTrigger {
  readonly id: TriggerId;
  readonly conId: number;
  readonly source: SourceCode;
  readonly scope: ScopeCode;
  /** true: fires when price > level; false: fires when price < level (strict crossing). */
  readonly above: boolean;
  readonly level: number;
  /** Consecutive ticks in condition required (0 = no tick confirmation). */
  readonly confirmTicks: number;
  /** Milliseconds in condition required (0 = no time confirmation). */
  readonly confirmMs: number;
}
