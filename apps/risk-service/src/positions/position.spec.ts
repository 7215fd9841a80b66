import type { Execution } from '@arctrigger/contracts';
import { applyAdoption, applyCommission, applyExecution, newPosition, PositionRecord } from './position';
import { lossLimitBreach } from './loss-limits';
import { limits } from '../../test/support/builders';

let n = 0;
function fill(side: 'BUY' | 'SELL', shares: number, price: number): Execution {
  n++;
  return {
    execId: `E${n}`, orderRef: `T1.entry.1`, ibOrderId: 1, permId: 1, conId: 1001, side, shares, price,
    cumQty: shares, avgPrice: price, exchange: 'CBOE', account: 'DU1', executedAt: 1_000, reconciled: false,
  } as Execution;
}
const day = '2026-03-10';
const apply = (p: PositionRecord, e: Execution) => applyExecution(p, e, day)!;

describe('position', () => {
  const start = () => newPosition('T1', 1001, { underlying: 'AAPL', multiplier: 100 }, 0);

  it('position averages its cost when adding at a different price', () => {
    const p = apply(apply(start(), fill('BUY', 2, 1.0)), fill('BUY', 2, 2.0));
    expect(p).toMatchObject({ quantity: 4, averageCost: 1.5, realizedPnl: 0 });
  });

  it('position realizes (price − average cost) × quantity × multiplier when reducing', () => {
    const p = apply(apply(start(), fill('BUY', 4, 1.5)), fill('SELL', 3, 1.0));
    expect(p.quantity).toBe(1);
    expect(p.averageCost).toBe(1.5);
    expect(p.realizedPnl).toBeCloseTo(-150, 6);
    expect(p.realizedByDay[day]).toBeCloseTo(-150, 6);
  });

  it('position books an adopted external position as held at its price, once, opening no premium; its stop sells it flat', () => {
    const adopted = applyAdoption(start(), 'adopted:T1', 3, 2.5, 500)!;
    expect(adopted).toMatchObject({ quantity: 3, averageCost: 2.5, realizedPnl: 0, openedByDay: {}, openedByOrder: {}, execIds: ['adopted:T1'], updatedAt: 500 });
    expect(applyAdoption(adopted, 'adopted:T1', 3, 2.5, 600)).toBeUndefined();
    const sold = apply(adopted, { ...fill('SELL', 3, 2.0), orderRef: 'T1.stop.1' } as Execution);
    expect(sold).toMatchObject({ quantity: 0, realizedPnl: -150 });
  });

  it('position is flat with cost 0 when fully closed', () => {
    const p = apply(apply(start(), fill('BUY', 2, 1)), fill('SELL', 2, 3));
    expect(p).toMatchObject({ quantity: 0, averageCost: 0, realizedPnl: 400 });
  });

  it('position ignores an execution it has already applied', () => {
    const e = fill('BUY', 1, 1);
    const once = apply(start(), e);
    expect(applyExecution(once, e, day)).toBeUndefined();
  });

  it('position counts an entry fill\'s premium in cents as opened on its day and by its order, once', () => {
    const e = fill('BUY', 3, 1.234);
    const p = applyExecution(start(), e, day, true)!;
    expect(p.openedByDay).toEqual({ [day]: 37_020 });
    expect(p.openedByOrder).toEqual({ 'T1.entry.1': 37_020 });
    expect(applyExecution(p, e, day, true)).toBeUndefined();
    const next = applyExecution(p, { ...fill('BUY', 1, 2), orderRef: 'T1.entry.2' } as Execution, '2026-03-11', true)!;
    expect(next.openedByDay).toEqual({ [day]: 37_020, '2026-03-11': 20_000 });
    expect(next.openedByOrder).toEqual({ 'T1.entry.1': 37_020, 'T1.entry.2': 20_000 });
  });

  it('position opens nothing for a fill that is not an entry', () => {
    const p = applyExecution(apply(start(), fill('BUY', 2, 1)), fill('SELL', 2, 3), day, false)!;
    expect(p).toMatchObject({ quantity: 0, openedByDay: {}, openedByOrder: {} });
  });

  it('position record written before opened notional was kept reads with none opened', () => {
    const { openedByDay: _d, openedByOrder: _o, ...older } = start();
    expect(PositionRecord.parse(older)).toMatchObject({ openedByDay: {}, openedByOrder: {} });
  });

  it('position takes commissions out of realized P&L once per execution', () => {
    const p = applyCommission(start(), 'E1', 1.3, day, 5)!;
    expect(p).toMatchObject({ commissions: 1.3, realizedPnl: -1.3 });
    expect(applyCommission(p, 'E1', 1.3, day, 6)).toBeUndefined();
  });
});

describe('loss limits', () => {
  const l = limits({ dailyRealizedLossLimit: 500, dailyTotalLossLimit: 800 });
  it.each([
    ['a realized loss just under the limit is no breach', -499.99, 0, false],
    ['a realized loss exactly at the limit is a breach', -500, 0, true],
    ['a total loss just under the limit is no breach', -400, -399.99, false],
    ['a total loss exactly at the limit is a breach', -400, -400, true],
    ['a gain is no breach', 300, 200, false],
  ])('loss limits: %s', (_name, realized, unrealized, breached) => {
    expect(lossLimitBreach(realized, unrealized, l) !== undefined).toBe(breached);
  });
});
