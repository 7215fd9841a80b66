import fc from 'fast-check';
import { MarketTick } from '../src/market-data/market-tick';
import { marketTickProblem as tickProblem } from '../src/market-data/market-tick-problem';

const num = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 1_000_000 }), fc.constant(null), fc.constant('1'), fc.constant(undefined));
const maybeGreeks = fc.oneof(
  fc.constant(undefined),
  fc.record({ impliedVol: num, delta: num, gamma: num, vega: num, theta: num, underlyingPrice: num }),
  fc.constant('x'),
);
const candidate = fc.record({
  conId: num,
  seq: num,
  bid: num,
  ask: num,
  last: num,
  bidSize: num,
  askSize: num,
  lastSize: num,
  exchangeTime: num,
  receivedAt: num,
  greeks: maybeGreeks,
});

describe('tick validator', () => {
  it('tick validator accepts exactly what the MarketTick schema accepts when given random near-valid ticks', () => {
    fc.assert(
      fc.property(candidate, (raw) => {
        const value = JSON.parse(JSON.stringify(raw)) as unknown; // what arrives on the wire
        expect(tickProblem(value) === null).toBe(MarketTick.safeParse(value).success);
      }),
      { numRuns: 5000 },
    );
  });

  it('tick validator names the offending field when a price is negative', () => {
    expect(tickProblem({ conId: 1, seq: 0, bid: -1, ask: null, last: null, bidSize: null, askSize: null, lastSize: null, exchangeTime: null, receivedAt: 1 })).toMatch(/^bid:/);
  });
});
