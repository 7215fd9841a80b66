import type { ArmTradeCommand } from '@arctrigger/contracts';
import type { UsableQuote } from '../domain/pricing/quote-check';
import type { QuotePort } from '../ports/quote.port';

type TriggerSource = ArmTradeCommand['trigger']['source'];

/** The current value of the trigger's price source on the underlying. */
export function sourcePrice(source: TriggerSource, t: { bid: number | null; ask: number | null; last: number | null }): number | null {
  if (source === 'mid') return t.bid !== null && t.ask !== null ? (t.bid + t.ask) / 2 : null;
  return t[source];
}

/**
 * The underlying's current price as the entry trigger reads it (its source, else the last trade),
 * for validating a breakout: a quote is leased for the question and released after, waiting at
 * most `waitMs` for a cold one. Null when none came.
 */
export class UnderlyingPrice {
  constructor(
    private readonly quotes: QuotePort,
    private readonly waitMs: number,
  ) {}

  async current(underConId: number, source: TriggerSource, symbol: string): Promise<number | null> {
    const { quotes } = this;
    quotes.watch(underConId);
    try {
      const under = await quotes.waitUsable(underConId, (q): UsableQuote => {
        const p = q ? sourcePrice(source, q.tick) ?? q.tick.last : null;
        return p ? { ok: true, bid: p, ask: p } : { ok: false, code: 'NO_QUOTE', message: `no ${source} price for ${symbol}` };
      }, this.waitMs);
      return under.ok ? under.ask : null;
    } finally {
      quotes.unwatch(underConId);
    }
  }
}
