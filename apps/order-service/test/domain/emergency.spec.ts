import { ConId, OrderRef, TradeEvent, type TradeId, type TradeOrder, type TradeView } from '@arctrigger/contracts';
import { cancelPlanOf, hasWorkingOrders } from '../../src/domain/emergency/cancel-plan';
import { cancelLine, closeCancelLine, pendingSellLine, sellLine, summaryOf } from '../../src/domain/emergency/emergency-lines';
import { evolve } from '../../src/domain/trade/evolve';
import { armedView } from '../app/armed-view';

const ID = 't1' as TradeId;
const order = (leg: TradeOrder['leg'], status: TradeOrder['status'], attempt = 1): TradeOrder => ({
  orderRef: OrderRef.parse(`t1.${leg}.${attempt}`), leg, side: leg === 'entry' ? 'BUY' : 'SELL', orderType: leg === 'guard' ? 'STP' : 'MKT', quantity: 2,
  limitPrice: null, stopPrice: leg === 'guard' ? 1.2 : null, status, endReason: status === 'ended' ? 'cancelled' : null, brokerFilled: null, pricedAt: 1, repriceSteps: 0,
});
const view = (over: Partial<TradeView>): TradeView => ({ ...armedView(ID, 10_000), state: 'PROTECTED', openQuantity: 2, ...over });
const refs = (orders: readonly TradeOrder[]) => orders.map((o) => o.orderRef);

describe('emergency cancel plan', () => {
  it.each([
    { name: 'a working entry is cancelled', v: { state: 'WORKING' as const, entryOrder: order('entry', 'accepted') }, cancel: ['t1.entry.1'], guard: null, kept: [] },
    { name: 'an ended entry is left alone', v: { entryOrder: order('entry', 'ended') }, cancel: [], guard: null, kept: [] },
    { name: 'the protective stop is withdrawn, not merely cancelled', v: { exits: [order('guard', 'accepted')] }, cancel: [], guard: 't1.guard.1', kept: [] },
    { name: 'a partial take-profit is cancelled beside the entry remainder', v: { state: 'PARTIALLY_FILLED' as const, entryOrder: order('entry', 'accepted'), exits: [order('tp', 'accepted'), order('guard', 'sending')] }, cancel: ['t1.entry.1', 't1.tp.1'], guard: 't1.guard.1', kept: [] },
    { name: "a full close's exits are kept; an ended one is not listed", v: { state: 'EXITING' as const, closing: 'stop' as const, exits: [order('stop', 'ended', 1), order('stop', 'accepted', 2), order('tp', 'accepted')] }, cancel: ['t1.tp.1'], guard: null, kept: ['t1.stop.2'] },
  ])('emergency cancel plan: $name', ({ v, cancel, guard, kept }) => {
    const plan = cancelPlanOf(view(v));
    expect({ cancel: refs(plan.cancel), guard: plan.guard?.orderRef ?? null, kept: refs(plan.kept) }).toEqual({ cancel, guard, kept });
    expect(hasWorkingOrders(view(v))).toBe(cancel.length + kept.length + (guard ? 1 : 0) > 0);
  });
});

describe('emergency report lines', () => {
  const v = view({ optionConId: ConId.parse(11) });
  it.each([
    { answer: 'ok', reply: { ok: true as const, value: {} }, outcome: 'cancelled', error: null },
    { answer: 'ORDER_NOT_WORKING', reply: { ok: false as const, code: 'ORDER_NOT_WORKING', message: 'already filled' }, outcome: 'already-done', error: null },
    { answer: 'OUTCOME_UNKNOWN', reply: { ok: false as const, code: 'OUTCOME_UNKNOWN', message: 'not confirmed' }, outcome: 'pending', error: null },
    { answer: 'TWS_DISCONNECTED', reply: { ok: false as const, code: 'TWS_DISCONNECTED', message: 'away' }, outcome: 'failed', error: { code: 'TWS_DISCONNECTED', message: 'away' } },
  ])('emergency cancel line says $outcome when the gateway answers $answer', ({ reply, outcome, error }) => {
    expect(cancelLine(v, order('guard', 'accepted'), reply)).toMatchObject({ tradeId: 't1', orderRef: 't1.guard.1', conId: 11, side: 'SELL', quantity: 2, action: 'cancel', outcome, error });
  });

  it('emergency sell lines follow the exit as the trade records it, and contracts still held elsewhere are a pending sell without an order', () => {
    expect(sellLine(v, order('flat', 'accepted')).outcome).toBe('sent');
    expect(sellLine(v, order('flat', 'sending')).outcome).toBe('pending');
    expect(sellLine(v, order('flat', 'ended'))).toMatchObject({ outcome: 'failed', error: { code: 'EXIT_ENDED' } });
    expect(pendingSellLine(v, 3)).toMatchObject({ orderRef: null, quantity: 3, action: 'sell', outcome: 'pending' });
  });

  it('emergency close-cancel lines are cancelled once the trade recorded the order ended, pending before', () => {
    expect(closeCancelLine(v, order('guard', 'accepted'))).toMatchObject({ orderRef: 't1.guard.1', action: 'cancel', outcome: 'pending' });
    expect(closeCancelLine(v, order('guard', 'ended'))).toMatchObject({ orderRef: 't1.guard.1', action: 'cancel', outcome: 'cancelled' });
  });

  it('emergency summary counts the lines by outcome', () => {
    const lines = [cancelLine(v, order('entry', 'accepted'), { ok: true, value: {} }), cancelLine(v, order('guard', 'accepted'), { ok: true, value: {} }), sellLine(v, order('flat', 'sending'))];
    expect(summaryOf('orders of 1 trades', lines)).toBe('3 orders of 1 trades: 2 cancelled, 1 pending');
    expect(summaryOf('orders of 0 trades', [])).toBe('0 orders of 0 trades');
  });
});

describe('trade evolve of a withdrawn protective stop', () => {
  const guardEvent = (seq: number, detail: Record<string, unknown>) =>
    TradeEvent.parse({ eventId: `t1:${seq}`, tradeId: 't1', seq, type: 'guard-updated', from: 'PROTECTED', to: 'PROTECTED', at: 20_000 + seq, causationId: null, detail });

  it('trade evolve marks the protective stop withdrawn only when the ended guard says so (older events read as not withdrawn)', () => {
    const held = view({ exits: [order('guard', 'accepted')], revision: 5 });
    const plain = evolve(held, guardEvent(6, { orderRef: 't1.guard.1', status: 'ended', quantity: null, reason: 'cancelled' }));
    const withdrawn = evolve(held, guardEvent(6, { orderRef: 't1.guard.1', status: 'ended', quantity: null, reason: 'withdrawn', withdrawn: true }));
    expect(plain.guardWithdrawn).toBeUndefined();
    expect(withdrawn.guardWithdrawn).toBe(true);
    expect(withdrawn.exits.map((x) => x.status)).toEqual(['ended']);
  });
});
