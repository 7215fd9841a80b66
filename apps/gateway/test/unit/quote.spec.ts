import { ConId } from '@arctrigger/contracts';
import { greekOf, Quote, TickField } from '../../src/market-data/quote';

describe('quote', () => {
  it('quote merges per-field ticks into a whole top of book with an increasing seq', () => {
    const q = new Quote(ConId.parse(1));
    expect(q.apply(TickField.BID, 1.5)).toBe(true);
    expect(q.apply(TickField.ASK, 1.6)).toBe(true);
    expect(q.applyTimestamp(TickField.LAST_TIMESTAMP, '1700000000')).toBe(true);
    expect(q.toTick(5)).toEqual({ conId: 1, seq: 1, bid: 1.5, ask: 1.6, last: null, bidSize: null, askSize: null, lastSize: null, exchangeTime: 1_700_000_000_000, receivedAt: 5 });
    q.apply(TickField.DELAYED_LAST, 1.55);
    expect(q.toTick(6)).toMatchObject({ seq: 2, last: 1.55 });
    expect(q.latest(7)).toMatchObject({ seq: 2, receivedAt: 7 });
  });

  it('quote ignores an unchanged value and an unknown field and nulls a -1 price', () => {
    const q = new Quote(ConId.parse(1));
    q.apply(TickField.BID, 2);
    expect(q.apply(TickField.BID, 2)).toBe(false);
    expect(q.apply(99, 2)).toBe(false);
    expect(q.apply(TickField.BID, -1)).toBe(true);
    expect(q.bid).toBeNull();
  });

  it('quote carries option greeks from the model computation only', () => {
    const q = new Quote(ConId.parse(1));
    const greeks = { impliedVol: 0.3, delta: 0.5, gamma: 0.1, vega: 0.2, theta: -0.05, underlyingPrice: 231 };
    expect(q.applyGreeks(TickField.BID, greeks)).toBe(false);
    expect(q.applyGreeks(TickField.MODEL_OPTION, greeks)).toBe(true);
    expect(q.toTick(1).greeks).toEqual(greeks);
    expect([greekOf(Number.MAX_VALUE), greekOf(-2), greekOf(undefined), greekOf(0.42)]).toEqual([null, null, null, 0.42]);
  });
});
