/**
 * The invariants themselves, on hand-made broker records and bus snapshots: each one holds on a
 * consistent book and names the evidence when the book breaks it.
 */
import type { TradeEvent, TradeView, TriggerEvent, TriggerView } from '@arctrigger/contracts';
import type { TwsSim } from '@arctrigger/tws-sim';
import type { BusSnapshot } from './bus-records';
import { checkInvariants, executionsOnceOnTheirTrade, ordersOnePerRef, positionsAndPnlMatch, triggersArmedOrFiredOnce, unprotectedPositions } from './invariants';

const OPT = { conId: 9001, secType: 'OPT' };
const order = (orderRef: string, over: Record<string, unknown> = {}) => ({ orderRef, action: 'BUY', state: 'Filled', instrument: OPT, ...over });
const exec = (execId: string, orderRef: string, side: 'BOT' | 'SLD', price: number, shares = 1, commission = 1) => ({ execId, orderRef, side, price, shares, commission, instrument: OPT });

function trade(over: Partial<TradeView> = {}): TradeView {
  return {
    tradeId: 't1', state: 'PROTECTED', optionConId: 9001, multiplier: 100, openQuantity: 1, realizedPnl: 0, stopTriggerId: 's1', entryTriggerId: 'e1', firedAt: 1,
    entryOrder: { orderRef: 't1.entry.1' }, exits: [], fills: [{ execId: 'x1', orderRef: 't1.entry.1' }], commissions: [], totalCommission: 0,
    ...over,
  } as unknown as TradeView;
}

function sim(orders: unknown[], executions: unknown[], positions: { conId: number; quantity: number }[]): TwsSim {
  return {
    orders: () => orders,
    executions: () => executions,
    positions: () => positions.map((p) => ({ instrument: { conId: p.conId, secType: 'OPT' }, quantity: p.quantity })),
  } as unknown as TwsSim;
}

function bus(trades: TradeView[], triggers: { triggerId: string; status: TriggerView['status'] }[], fired: string[] = ['t1'], triggerFired: string[] = ['e1']): BusSnapshot {
  return {
    trades: new Map(trades.map((t) => [t.tradeId, t])),
    triggers: new Map(triggers.map((t) => [t.triggerId, t as unknown as TriggerView])),
    tradeEvents: fired.map((tradeId) => ({ type: 'fired', tradeId }) as TradeEvent),
    triggerEvents: triggerFired.map((triggerId) => ({ type: 'fired', triggerId }) as TriggerEvent),
  };
}

const TRIGGERS = [{ triggerId: 'e1', status: 'fired' as const }, { triggerId: 's1', status: 'armed' as const }];

describe('chaos invariants', () => {
  it('all five hold on a consistent protected trade', () => {
    const results = checkInvariants(sim([order('t1.entry.1')], [exec('x1', 't1.entry.1', 'BOT', 2)], [{ conId: 9001, quantity: 1 }]), bus([trade()], TRIGGERS), ['t1']);
    expect(results.map((r) => r.violations)).toEqual([[], [], [], [], []]);
  });

  it('1: a second broker order for one orderRef, and an order no trade explains', () => {
    const v = ordersOnePerRef(sim([order('t1.entry.1'), order('t1.entry.1'), order('manual')], [], []), bus([trade()], TRIGGERS));
    expect(v).toEqual(['t1.entry.1: 2 broker orders', 'manual: no trade explains it']);
  });

  it('2: an execution lost, booked twice, or booked without one at the broker', () => {
    const twice = trade({ fills: [{ execId: 'x1' }, { execId: 'x1' }, { execId: 'ghost' }] as TradeView['fills'] });
    const v = executionsOnceOnTheirTrade(sim([], [exec('x1', 't1.entry.1', 'BOT', 2), exec('x2', 't1.entry.1', 'BOT', 2)], []), bus([twice], TRIGGERS));
    expect(v).toEqual(['x1: booked 2 times (t1, t1)', 'x2 (t1.entry.1, BOT 1): lost, on no trade', 'ghost on t1: no such execution at the broker']);
  });

  it('3: a held position whose stop is not armed and no sell order works for it', () => {
    const disarmed = [{ triggerId: 'e1', status: 'fired' as const }, { triggerId: 's1', status: 'disarmed' as const }];
    expect(unprotectedPositions(sim([], [], []), bus([trade()], disarmed))).toEqual(['t1 holds 1 (PROTECTED): stop trigger s1 disarmed, no working sell order']);
    // A working sell order at the broker protects it meanwhile (an exit in flight, a broker stop).
    expect(unprotectedPositions(sim([order('t1.guard.1', { action: 'SELL', state: 'Submitted' })], [], []), bus([trade()], disarmed))).toEqual([]);
  });

  it('4: a trigger fired twice, an armed trade lost or without its trigger', () => {
    const armed = trade({ tradeId: 't2', state: 'ARMED', entryTriggerId: 'e2', firedAt: null, openQuantity: 0, fills: [] } as unknown as Partial<TradeView>);
    const v = triggersArmedOrFiredOnce(bus([trade(), armed], TRIGGERS, ['t1', 't1'], ['e1', 'e1']), ['t1', 't2', 't3']);
    expect(v).toEqual(['t1: fired 2 times', 'trigger e1: fired 2 times', 't1: PROTECTED after firing, 2 fired events', 't2: ARMED but its trigger e2 is absent', 't3: armed, then lost (no trade on the bus)']);
  });

  it('5: positions that differ from the broker, P&L that is not its cash flows minus commissions', () => {
    const closed = trade({ state: 'CLOSED', openQuantity: 0, realizedPnl: 50, fills: [] });
    const execs = [exec('x1', 't1.entry.1', 'BOT', 2), exec('x2', 't1.stop.1', 'SLD', 3)];
    // Bought at 2, sold at 3, ×100, two commissions of 1: 98, not 50; and the broker still holds one.
    expect(positionsAndPnlMatch(sim([], execs, [{ conId: 9001, quantity: 1 }]), bus([{ ...closed, fills: [{ execId: 'x1' }] } as TradeView], TRIGGERS))).toEqual([
      'option 9001: broker holds 1, ArcTrigger 0',
      't1: realized P&L 50.00, broker cash flows − commissions 98.00; commissions 0.00 booked of 2.00 charged, none booked for x1 (t1.entry.1), x2 (t1.stop.1)',
    ]);
    // Booked right: no violation.
    const right = { ...closed, realizedPnl: 98, commissions: [{ execId: 'x1', amount: 1 }, { execId: 'x2', amount: 1 }], totalCommission: 2 };
    expect(positionsAndPnlMatch(sim([], execs, []), bus([right], TRIGGERS))).toEqual([]);
  });
});
