import type { MarketRule, MarketTick } from '@arctrigger/contracts';
import { roundToTick, stepTicks } from '../../src/domain/pricing/tick-rounding';
import { checkQuote } from '../../src/domain/pricing/quote-check';
import { priceEntry } from '../../src/domain/pricing/entry-price';

/** Typical non-penny option rule: 0.05 below $3, 0.10 from $3. */
const nonPenny: MarketRule = { marketRuleId: 32, increments: [{ lowEdge: 0, increment: 0.05 }, { lowEdge: 3, increment: 0.1 }] };
/** Penny pilot: 0.01 below $3, 0.05 from $3. */
const penny: MarketRule = { marketRuleId: 110, increments: [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }] };

const tick = (bid: number | null, ask: number | null): MarketTick =>
  ({ conId: 1, seq: 1, bid, ask, last: null, bidSize: null, askSize: null, lastSize: null, exchangeTime: null, receivedAt: 0 }) as MarketTick;

describe('tick rounding', () => {
  it.each([
    [nonPenny, 2.51, 'up', 2.55],
    [nonPenny, 2.51, 'down', 2.5],
    [nonPenny, 2.55, 'up', 2.55],
    [nonPenny, 2.97, 'up', 3.0],
    [nonPenny, 3.01, 'up', 3.1],
    [nonPenny, 3.09, 'down', 3.0],
    [penny, 1.234, 'up', 1.24],
    [penny, 3.02, 'up', 3.05],
    [penny, 0.1 + 0.2, 'up', 0.3],
  ] as const)('tick rounding takes %j %d %s to %d', (rule, price, toward, expected) => {
    expect(roundToTick(rule, price, toward)).toBe(expected);
  });

  it('tick rounding steps one tick up across a band edge', () => {
    expect(stepTicks(nonPenny, 2.95, 1)).toBe(3.0);
    expect(stepTicks(nonPenny, 3.0, 1)).toBe(3.1);
    expect(stepTicks(penny, 1.24, 2)).toBe(1.26);
  });
});

describe('entry pricing', () => {
  it('entry pricing puts a LMT buy at ask + offset rounded up, never below the ask', () => {
    expect(priceEntry({ type: 'LMT', offset: 0.05 }, 2.42, nonPenny)).toEqual({ ok: true, value: { orderType: 'LMT', price: 2.5, limitPrice: 2.5 } });
    expect(priceEntry({ type: 'LMT', offset: 0 }, 2.42, nonPenny)).toEqual({ ok: true, value: { orderType: 'LMT', price: 2.45, limitPrice: 2.45 } });
  });

  it('entry pricing prices MKT at the ask for sizing without a limit', () => {
    expect(priceEntry({ type: 'MKT' }, 2.42, nonPenny)).toEqual({ ok: true, value: { orderType: 'MKT', price: 2.42, limitPrice: undefined } });
  });

  it('entry pricing refuses an offset that makes the price non-positive', () => {
    expect(priceEntry({ type: 'LMT', offset: -5 }, 2.42, nonPenny)).toMatchObject({ ok: false, code: 'INVALID_PRICE' });
  });
});

describe('quote check', () => {
  const limits = { maxAgeMs: 2_000, maxSpreadPct: 25 };

  it('quote check accepts a fresh, tight quote', () => {
    expect(checkQuote({ tick: tick(2.3, 2.4), receivedAt: 1_000 }, 2_000, limits)).toEqual({ ok: true, bid: 2.3, ask: 2.4 });
  });

  it('quote check refuses no quote, no ask, a stale quote and an absurd spread with clear codes', () => {
    expect(checkQuote(undefined, 0, limits)).toMatchObject({ ok: false, code: 'NO_QUOTE' });
    expect(checkQuote({ tick: tick(2.3, null), receivedAt: 0 }, 0, limits)).toMatchObject({ ok: false, code: 'NO_QUOTE' });
    expect(checkQuote({ tick: tick(2.3, 2.4), receivedAt: 0 }, 2_001, limits)).toMatchObject({ ok: false, code: 'STALE_QUOTE', message: expect.stringContaining('2001 ms') });
    expect(checkQuote({ tick: tick(1, 2), receivedAt: 0 }, 0, limits)).toMatchObject({ ok: false, code: 'SPREAD_TOO_WIDE' });
    expect(checkQuote({ tick: tick(null, 2), receivedAt: 0 }, 0, limits)).toMatchObject({ ok: false, code: 'SPREAD_TOO_WIDE', message: expect.stringContaining('no bid') });
  });
});
