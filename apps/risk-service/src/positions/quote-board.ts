import type { MarketTick, OptionGreeks } from '@arctrigger/contracts';

export interface Quote {
  readonly bid: number | null;
  readonly ask: number | null;
  readonly last: number | null;
  readonly greeks: OptionGreeks | null;
  readonly receivedAt: number;
}

/** Latest quote per held contract; updated on every tick (hot path: one map write). */
export class QuoteBoard {
  private readonly quotes = new Map<number, Quote>();

  update(tick: MarketTick): void {
    this.quotes.set(tick.conId, { bid: tick.bid, ask: tick.ask, last: tick.last, greeks: tick.greeks ?? null, receivedAt: tick.receivedAt });
  }

  get(conId: number): Quote | undefined {
    return this.quotes.get(conId);
  }

  forget(conId: number): void {
    this.quotes.delete(conId);
  }
}

/** Mid of a two-sided quote; the last trade when one side is missing; null without either. */
export function midOf(quote: Quote | undefined): number | null {
  if (!quote) return null;
  if (quote.bid !== null && quote.ask !== null && quote.bid > 0 && quote.ask > 0) return (quote.bid + quote.ask) / 2;
  return quote.last;
}
