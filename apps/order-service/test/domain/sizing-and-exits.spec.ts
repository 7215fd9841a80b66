import { sizeEntry } from '../../src/domain/sizing/entry-size';
import { autoTakeProfitLevel, closingQuantity, takeProfitQuantity } from '../../src/domain/exits/exit-quantity';
import { checkBreakout, stopLevelFor } from '../../src/domain/protection/stop-level';
import { premarketPlan } from '../../src/domain/premarket/premarket-plan';
import { cancelledByRepricePolicy, repriceStep, nextRepriceAt } from '../../src/domain/entry/reprice-schedule';

const rule = { marketRuleId: 1, increments: [{ lowEdge: 0, increment: 0.05 }, { lowEdge: 3, increment: 0.1 }] };

describe('entry sizing', () => {
  it.each([
    [2000, 2.5, 100, 8],
    [2000, 2.45, 100, 8],
    [1000, 0.35, 100, 28],
    [299.99, 3.0, 100, 0],
  ])('entry sizing buys floor(%d / (%d × %d)) = %d', (dollars, price, mult, qty) => {
    const r = sizeEntry({ by: 'budget', dollars }, price, mult);
    if (qty === 0) expect(r).toMatchObject({ ok: false, code: 'BUDGET_BELOW_ONE_CONTRACT' });
    else expect(r).toEqual({ ok: true, quantity: qty });
  });

  it('entry sizing refuses a budget below one contract with the numbers, never rounding up to 1', () => {
    expect(sizeEntry({ by: 'budget', dollars: 100 }, 2.5, 100)).toEqual({
      ok: false, code: 'BUDGET_BELOW_ONE_CONTRACT', message: 'budget $100 buys less than one contract at $2.5 × 100 = $250.00',
    });
  });

  it('entry sizing uses the contract count as given', () => {
    expect(sizeEntry({ by: 'contracts', contracts: 3 }, 9.9, 100)).toEqual({ ok: true, quantity: 3 });
  });
});

describe('exits', () => {
  it.each([
    [10, 20, 10, 2],
    [10, 10, 10, 1],
    [3, 10, 3, 1],
    [7, 50, 7, 3],
    [10, 50, 2, 2],
  ])('take-profit of %d original at %d %% with %d sellable sells %d', (original, pct, sellable, qty) => {
    expect(takeProfitQuantity(original, pct, sellable)).toEqual({ ok: true, quantity: qty });
  });

  it('take-profit and closing refuse when nothing is free to sell', () => {
    expect(takeProfitQuantity(10, 20, 0)).toMatchObject({ ok: false, code: 'NOTHING_TO_SELL' });
    expect(closingQuantity(0)).toMatchObject({ ok: false, code: 'NOTHING_TO_SELL' });
    expect(closingQuantity(4)).toEqual({ ok: true, quantity: 4 });
  });

  it('auto take-profit level is the average entry + N %', () => {
    expect(autoTakeProfitLevel(2.5, 20)).toBe(3);
  });
});

describe('stop level and breakout', () => {
  it('stop level is trigger − offset for a call and trigger + offset for a put', () => {
    expect(stopLevelFor('CALL', 231.4, 0.5)).toBe(230.9);
    expect(stopLevelFor('PUT', 231.4, 0.5)).toBe(231.9);
  });

  it('breakout check wants a call trigger above and a put trigger below the current price', () => {
    expect(checkBreakout('CALL', 231.4, 230)).toEqual({ ok: true });
    expect(checkBreakout('CALL', 231.4, 231.4)).toMatchObject({ ok: false, code: 'NOT_A_BREAKOUT' });
    expect(checkBreakout('PUT', 229, 230)).toEqual({ ok: true });
    expect(checkBreakout('PUT', 231, 230)).toMatchObject({ ok: false, code: 'NOT_A_BREAKOUT' });
  });
});

describe('premarket plan', () => {
  const input = { session: 'premarket' as const, firingPrice: 231.5, now: 1_000, askTimeoutMs: 60_000, nextRegularOpen: 9_000 };
  it.each([
    ['ask', { action: 'ask', deadline: 61_000 }],
    ['rebase', { action: 'rebase', newTrigger: 231.5 }],
    ['hold', { action: 'hold', rearmAt: 9_000 }],
    ['cancel', { action: 'cancel' }],
  ] as const)('premarket plan applies policy %s', (policy, plan) => {
    expect(premarketPlan({ ...input, policy })).toEqual(plan);
  });

  it('premarket plan fires in regular hours whatever the policy', () => {
    expect(premarketPlan({ ...input, policy: 'cancel', session: 'regular' })).toEqual({ action: 'fire' });
  });
});

describe('reprice schedule', () => {
  const settings = { afterSeconds: 10, maxSteps: 2, cancelAfterLastStep: true };
  it('reprice schedule moves one tick up until the last step, then cancels', () => {
    expect(nextRepriceAt(1_000, settings)).toBe(11_000);
    expect(repriceStep(2.95, 0, settings, rule)).toEqual({ action: 'reprice', limitPrice: 3.0, step: 1 });
    expect(repriceStep(3.0, 1, settings, rule)).toEqual({ action: 'reprice', limitPrice: 3.1, step: 2 });
    expect(repriceStep(3.1, 2, settings, rule)).toEqual({ action: 'cancel' });
  });

  it('reprice schedule: a broker cancel is the policy\'s own only once every step is done, its time has come and the policy cancels', () => {
    const s = { afterSeconds: 2, maxSteps: 2, cancelAfterLastStep: true };
    expect(cancelledByRepricePolicy({ repriceSteps: 2, pricedAt: 10_000 }, s, 12_000)).toBe(true);
    expect(cancelledByRepricePolicy({ repriceSteps: 2, pricedAt: 10_000 }, s, 11_999)).toBe(false); // before the last step's time
    expect(cancelledByRepricePolicy({ repriceSteps: 1, pricedAt: 10_000 }, s, 20_000)).toBe(false); // a step still to go
    expect(cancelledByRepricePolicy({ repriceSteps: 2, pricedAt: 10_000 }, { ...s, cancelAfterLastStep: false }, 20_000)).toBe(false);
    expect(cancelledByRepricePolicy({ repriceSteps: 0, pricedAt: 10_000 }, { ...s, maxSteps: 0 }, 12_000)).toBe(true);
  });

  it('reprice schedule leaves the order working after the last step when asked', () => {
    expect(repriceStep(3.1, 2, { ...settings, cancelAfterLastStep: false }, rule)).toEqual({ action: 'leave' });
  });
});
