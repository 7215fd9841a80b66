import { Backoff, seededRandom } from '../../src/connection/backoff';
import { classify, CodeClass, feedOf, isOrderRejection } from '../../src/connection/ib-codes';
import { incrementAt, isOnTickGrid } from '../../src/orders/tick-grid';

describe('ib codes', () => {
  it.each([
    [1100, CodeClass.CONNECTIVITY_LOST], [2110, CodeClass.CONNECTIVITY_LOST], [1300, CodeClass.CONNECTIVITY_LOST],
    [502, CodeClass.CONNECTIVITY_LOST], [504, CodeClass.CONNECTIVITY_LOST], [1101, CodeClass.RESTORED_DATA_LOST],
    [1102, CodeClass.RESTORED_DATA_KEPT], [2103, CodeClass.FARM_BROKEN], [2105, CodeClass.FARM_BROKEN],
    [2157, CodeClass.FARM_BROKEN], [2104, CodeClass.FARM_OK], [2106, CodeClass.FARM_OK], [2158, CodeClass.FARM_OK],
    [2107, CodeClass.BENIGN], [2108, CodeClass.BENIGN], [2159, CodeClass.BENIGN], [100, CodeClass.PACING],
    [101, CodeClass.USER_NOTICE], [354, CodeClass.USER_NOTICE], [10167, CodeClass.USER_NOTICE], [10197, CodeClass.USER_NOTICE],
    [102, CodeClass.DUPLICATE_ID], [103, CodeClass.DUPLICATE_ID], [326, CodeClass.CLIENT_ID_IN_USE],
    [110, CodeClass.ORDER], [201, CodeClass.ORDER], [202, CodeClass.ORDER], [10147, CodeClass.ORDER],
    [10148, CodeClass.ORDER], [2109, CodeClass.ORDER], [9999, CodeClass.OTHER],
  ])('ib code %i is classified as %s', (code, cls) => {
    expect(classify(code)).toBe(cls);
  });

  it('ib codes read the farm name from a farm message', () => {
    expect(feedOf('Market data farm connection is OK:usfarm')).toBe('usfarm');
    expect(feedOf('no colon')).toBe('unknown');
  });

  it('ib codes count rejections but not cancel confirmations or ignored outside-RTH', () => {
    expect([110, 201].map(isOrderRejection)).toEqual([true, true]);
    expect([202, 2109, 10147, 10148].map(isOrderRejection)).toEqual([false, false, false, false]);
  });
});

describe('backoff', () => {
  it('backoff grows exponentially up to its cap, with jitter below each step', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.5 }, seededRandom(1));
    const delays = Array.from({ length: 6 }, () => b.next());
    const steps = [100, 200, 400, 800, 1000, 1000];
    delays.forEach((d, i) => {
      expect(d).toBeLessThanOrEqual(steps[i]!);
      expect(d).toBeGreaterThanOrEqual(steps[i]! / 2);
    });
    b.reset();
    expect(b.next()).toBeLessThanOrEqual(100);
  });

  it('backoff is deterministic for a seed', () => {
    const a = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.5 }, seededRandom(7));
    const b = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.5 }, seededRandom(7));
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
  });
});

describe('tick grid', () => {
  const rule = { marketRuleId: 32, increments: [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }] };
  it.each([
    [1.23, true], [2.99, true], [3, true], [3.05, true], [3.07, false], [1.234, false],
  ])('tick grid says %f on-grid is %s', (price, on) => {
    expect(isOnTickGrid(rule, price)).toBe(on);
  });

  it('tick grid picks the increment of the highest band at or below the price', () => {
    expect([incrementAt(rule, 2.5), incrementAt(rule, 3), incrementAt(rule, 10)]).toEqual([0.01, 0.05, 0.05]);
  });
});
