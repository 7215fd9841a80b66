import type { MarketTick } from '@arctrigger/contracts';

/** A quote as the order-service holds it: the tick and when this process received it. */
export interface HeldQuote {
  tick: MarketTick;
  receivedAt: number;
}

export interface QuoteLimits {
  maxAgeMs: number;
  maxSpreadPct: number;
}

export const QuoteProblem = {
  NO_QUOTE: 'NO_QUOTE',
  STALE_QUOTE: 'STALE_QUOTE',
  SPREAD_TOO_WIDE: 'SPREAD_TOO_WIDE',
} as const;
export type QuoteProblem = (typeof QuoteProblem)[keyof typeof QuoteProblem];

export type UsableQuote = { ok: true; bid: number; ask: number } | { ok: false; code: QuoteProblem; message: string };

/**
 * Decides whether a quote can be priced on: it must have a bid and an ask, be younger than the
 * age limit, and its spread (relative to the mid) must not exceed the configured percentage.
 */
export function checkQuote(quote: HeldQuote | undefined, now: number, limits: QuoteLimits): UsableQuote {
  const ask = quote?.tick.ask;
  if (!quote || ask === null || ask === undefined || ask <= 0) {
    return { ok: false, code: 'NO_QUOTE', message: 'no option ask to price on' };
  }
  const age = now - quote.receivedAt;
  if (age > limits.maxAgeMs) {
    return { ok: false, code: 'STALE_QUOTE', message: `the option quote is ${age} ms old (limit ${limits.maxAgeMs} ms)` };
  }
  const bid = quote.tick.bid ?? 0;
  const mid = (ask + bid) / 2;
  const spreadPct = bid > 0 ? ((ask - bid) / mid) * 100 : Number.POSITIVE_INFINITY;
  if (spreadPct > limits.maxSpreadPct) {
    const shown = Number.isFinite(spreadPct) ? `${spreadPct.toFixed(1)} %` : 'unbounded (no bid)';
    return { ok: false, code: 'SPREAD_TOO_WIDE', message: `bid/ask spread ${shown} exceeds ${limits.maxSpreadPct} %` };
  }
  return { ok: true, bid, ask };
}
