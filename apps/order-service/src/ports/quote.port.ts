import type { HeldQuote, UsableQuote } from '../domain/pricing/quote-check';

/** Option and underlying quotes held warm for the trades (reference-counted per contract). */
export interface QuotePort {
  watch(conId: number): void;
  unwatch(conId: number): void;
  get(conId: number): HeldQuote | undefined;
  /** The first usable quote (as `check` judges it) within `timeoutMs`, or the last refusal. */
  waitUsable(conId: number, check: (quote: HeldQuote | undefined) => UsableQuote, timeoutMs: number): Promise<UsableQuote>;
}
