import { OrderRef, TradeEvent, type TradeFill, type TradeState } from '@arctrigger/contracts';
import { positionOf } from '../../src/domain/position/fill';
import { freeToSell, guardRemaining, guardTarget } from '../../src/domain/exits/sell-budget';
import { evolve } from '../../src/domain/trade/evolve';

const fill = (execId: string, side: 'BUY' | 'SELL', shares: number, price: number, leg: TradeFill['leg'] = side === 'BUY' ? 'entry' : 'stop'): TradeFill => ({
  execId: execId, orderRef: OrderRef.parse(`t1.${leg}.1`), leg, side, shares, price, at: 1,
});

let seq = 0;
/** A stored event, parsed as a replay parses it: the facts must match the type. */
const event = (type: string, from: TradeState | null, to: TradeState, detail: Record<string, unknown>): TradeEvent =>
  TradeEvent.parse({ eventId: `t1:${++seq}`, tradeId: 't1', seq, type, from, to, at: 1_000 + seq, causationId: null, detail });

const spec = {
  symbol: 'AAPL', right: 'CALL', expiry: '20260116', strike: 230, trigger: { price: 231.4, source: 'last' },
  size: { by: 'budget', dollars: 2000 }, entry: { type: 'LMT', offset: 0.05 }, stopLoss: { mode: 'offset', offset: 0.5 },
  takeProfit: {}, premarketPolicy: 'hold', fireImmediately: false,
};

describe('live quantity', () => {
  it('live quantity counts each execution once and ignores repeats of an execId', () => {
    const p = positionOf([fill('e1', 'BUY', 3, 2.5), fill('e1', 'BUY', 3, 2.5), fill('e2', 'BUY', 2, 2.6), fill('x1', 'SELL', 4, 3)], 100);
    expect(p).toEqual({ bought: 5, sold: 4, live: 1, avgEntryPrice: 2.54, avgExitPrice: 3, realizedPnl: 184, commission: 0 });
  });

  it('realized P&L is net of exit commissions and of the entry commissions in proportion to the contracts sold', () => {
    const fills = [fill('e1', 'BUY', 4, 2.5), fill('x1', 'SELL', 2, 3)];
    const p = positionOf(fills, 100, new Map([['e1', 2.6], ['x1', 1.3], ['unknown', 9]]));
    // gross (3 − 2.5) × 2 × 100 = 100; exit commission 1.30; half the entry's 2.60 = 1.30.
    expect(p).toMatchObject({ realizedPnl: 97.4, commission: 3.9 });
    expect(positionOf([...fills, fill('x2', 'SELL', 2, 3)], 100, new Map([['e1', 2.6], ['x1', 1.3], ['x2', 1.3]]))).toMatchObject({ realizedPnl: 194.8, commission: 5.2 });
  });
});

describe('trade evolve', () => {
  it('trade evolve rebuilds quantities, orders and P&L from events alone, including a fill after a cancel', () => {
    seq = 0;
    const order = { orderRef: 't1.entry.1', leg: 'entry', side: 'BUY', orderType: 'LMT', quantity: 4, limitPrice: 2.5, stopPrice: null, status: 'sending', endReason: null, pricedAt: 1, repriceSteps: 0 };
    const events = [
      event('armed', null, 'ARMED', { spec, optionConId: 11, underConId: 10, strike: 230, multiplier: 100, marketRuleId: 32, stopLevel: 230.9, entryTriggerId: 't1-e1' }),
      event('fired', 'ARMED', 'FIRED', { triggerId: 't1-e1', price: 231.5, session: 'regular', tickSeq: 3 }),
      event('submitting', 'FIRED', 'SUBMITTING', { order, reservationId: 'r1' }),
      event('accepted', 'SUBMITTING', 'WORKING', { orderRef: 't1.entry.1' }),
      event('cancelled', 'WORKING', 'CANCELLED', { reason: 'user', orderRef: 't1.entry.1' }),
      event('filled', 'CANCELLED', 'OPEN', { fill: fill('e1', 'BUY', 2, 2.5) }),
      event('protected', 'OPEN', 'PROTECTED', { stopTriggerId: 't1-s1', stopLevel: 230.9, takeProfitTriggerId: null }),
      event('stop-fired', 'PROTECTED', 'EXITING', { price: 230.8, triggerId: 't1-s1', order: { ...order, orderRef: 't1.stop.1', leg: 'stop', side: 'SELL', orderType: 'MKT', quantity: 2, limitPrice: null } }),
      event('closed', 'EXITING', 'CLOSED', { orderRef: 't1.stop.1', fill: fill('x1', 'SELL', 2, 2.1) }),
    ];
    const view = events.reduce<ReturnType<typeof evolve> | undefined>((v, e) => evolve(v, e), undefined)!;
    expect(view).toMatchObject({
      state: 'CLOSED', entryQuantity: 4, filledQuantity: 2, openQuantity: 0, avgEntryPrice: 2.5, avgExitPrice: 2.1,
      realizedPnl: -80, stopTriggerId: null, closing: null, revision: 9, firedPrice: 231.5, reservationId: 'r1',
    });
    expect(view.exits).toEqual([expect.objectContaining({ orderRef: 't1.stop.1', status: 'ended' })]);
    expect(freeToSell(view)).toBe(0);
  });

  it('trade evolve starts an adopted trade OPEN holding the contracts taken over, and rebuilds its close from events alone', () => {
    seq = 0;
    const events = [
      event('adopted', null, 'OPEN', {
        spec: { ...spec, size: { by: 'contracts', contracts: 3 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1.4 } },
        optionConId: 11, underConId: 10, strike: 230, multiplier: 100, marketRuleId: 32, stopLevel: 230, fill: fill('adopted:t1', 'BUY', 3, 2.5), brokerPosition: 5, avgCost: 250,
      }),
      event('protected', 'OPEN', 'PROTECTED', { stopTriggerId: 't1-s2', stopLevel: 230, takeProfitTriggerId: null }),
    ];
    const opened = evolve(undefined, events[0]!);
    expect(opened).toMatchObject({
      state: 'OPEN', adoptedAt: 1_001, firstFillAt: 1_001, entryQuantity: 0, filledQuantity: 3, openQuantity: 3, avgEntryPrice: 2.5,
      entryOrder: null, entryTriggerId: null, stopLevel: 230, stopTriggerId: null, revision: 1,
    });
    expect(freeToSell(opened)).toBe(3);
    const closed = [...events, event('stop-fired', 'PROTECTED', 'EXITING', { price: 229.9, triggerId: 't1-s2', order: null }),
      event('closed', 'EXITING', 'CLOSED', { orderRef: 't1.stop.1', fill: fill('x1', 'SELL', 3, 2.0) })].reduce<ReturnType<typeof evolve> | undefined>((v, e) => evolve(v, e), undefined)!;
    expect(closed).toMatchObject({ state: 'CLOSED', openQuantity: 0, filledQuantity: 3, realizedPnl: -150, adoptedAt: 1_001 });
  });

  it('trade evolve names the trade a reset came from, and none for an armed event written before reset existed', () => {
    seq = 0;
    const armed = { spec, optionConId: 11, underConId: 10, strike: 230, multiplier: 100, marketRuleId: 32, stopLevel: 230.9, entryTriggerId: 't1-e1' };
    expect(evolve(undefined, event('armed', null, 'ARMED', { ...armed, resetFrom: 't0' }))).toMatchObject({ state: 'ARMED', resetFrom: 't0' });
    expect(evolve(undefined, event('armed', null, 'ARMED', armed))).toMatchObject({ state: 'ARMED', resetFrom: null });
  });

  it('trade evolve keeps the protective stop among the exits, holding its contracts from other sellers until it is made smaller or cancelled, and joins a commission reported before its fill', () => {
    seq = 0;
    const order = { orderRef: 't1.entry.1', leg: 'entry', side: 'BUY', orderType: 'LMT', quantity: 4, limitPrice: 2.5, stopPrice: null, status: 'sending', endReason: null, pricedAt: 1, repriceSteps: 0 };
    const guard = { ...order, orderRef: 't1.guard.1', leg: 'guard', side: 'SELL', orderType: 'STP', limitPrice: null, stopPrice: 2.15 };
    const tp = { ...order, orderRef: 't1.tp.1', leg: 'tp', side: 'SELL', orderType: 'MKT', quantity: 1, limitPrice: null };
    const events = [
      event('armed', null, 'ARMED', { spec, optionConId: 11, underConId: 10, strike: 230, multiplier: 100, marketRuleId: 32, stopLevel: 230.9, entryTriggerId: 't1-e1' }),
      event('fired', 'ARMED', 'FIRED', { triggerId: 't1-e1', price: 231.5, session: 'regular', tickSeq: 3 }),
      event('submitting', 'FIRED', 'SUBMITTING', { order, reservationId: 'r1' }),
      event('accepted', 'SUBMITTING', 'WORKING', { orderRef: 't1.entry.1' }),
      event('commission-charged', 'WORKING', 'WORKING', { execId: 'e1', commission: 2.6, currency: 'USD' }),
      event('filled', 'WORKING', 'OPEN', { fill: fill('e1', 'BUY', 4, 2.5) }),
      event('protection-overdue', 'OPEN', 'OPEN', { deadlineMs: 1000, firstFillAt: 1, reason: 'late' }),
    ];
    const overdue = events.reduce<ReturnType<typeof evolve> | undefined>((v, e) => evolve(v, e), undefined)!;
    expect(overdue).toMatchObject({ state: 'OPEN', protectionOverdueAt: 1_007, reason: 'late' });
    const guarded = [
      event('protected', 'OPEN', 'PROTECTED', { stopTriggerId: 't1-s1', stopLevel: 230.9, takeProfitTriggerId: null }),
      event('guard-placed', 'PROTECTED', 'PROTECTED', { order: guard }),
      event('guard-updated', 'PROTECTED', 'PROTECTED', { orderRef: 't1.guard.1', status: 'accepted', quantity: null, reason: null }),
    ].reduce((v, e) => evolve(v, e), overdue);
    expect(guarded.exits).toEqual([expect.objectContaining({ orderRef: 't1.guard.1', status: 'accepted', quantity: 4, stopPrice: 2.15 })]);
    // The guard holds all 4: an exit for them waits for its cancel (never two sellers); it covers the whole position.
    expect([freeToSell(guarded), guardRemaining(guarded), guardTarget(guarded)]).toEqual([0, 4, 4]);
    expect(guarded).toMatchObject({ state: 'PROTECTED', totalCommission: 2.6, realizedPnl: 0, protectionOverdueAt: null });

    const later = [
      event('exit-submitted', 'PROTECTED', 'EXITING', { order: tp, closing: null }),
      event('guard-updated', 'EXITING', 'EXITING', { orderRef: 't1.guard.1', status: 'ended', quantity: null, reason: 'cancelled' }),
      event('exit-done', 'EXITING', 'PROTECTED', { orderRef: 't1.tp.1', fill: fill('x1', 'SELL', 1, 3, 'tp'), reason: null }),
      event('commission-charged', 'PROTECTED', 'PROTECTED', { execId: 'x1', commission: 1, currency: 'USD' }),
    ];
    const view = later.reduce((v, e) => evolve(v, e), guarded);
    expect(view.exits.map((x) => [x.orderRef, x.status, x.endReason])).toEqual([['t1.guard.1', 'ended', 'cancelled'], ['t1.tp.1', 'ended', null]]);
    // (3 − 2.5) × 100 − 1 − 2.6 × 1/4 = 48.35
    expect(view).toMatchObject({ openQuantity: 3, totalCommission: 3.6, realizedPnl: 48.35 });
  });
});
