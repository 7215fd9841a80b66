import pino from 'pino';
import { fail, ok, OrderRef, TradeEvent, type Reply, type TradeId, type TradeOrder, type TradeView } from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import { transition } from '../../src/domain/lifecycle/transition-table';
import { evolve } from '../../src/domain/trade/evolve';
import { ProtectiveStop } from '../../src/flows/protective-stop';
import type { BrokerPort } from '../../src/ports/broker.port';
import type { MarketPort } from '../../src/ports/market.port';
import type { TradeScheduler } from '../../src/ports/trade-scheduler.port';
import type { TradeStorePort } from '../../src/ports/trade-store.port';
import { CancelAll } from '../../src/use-cases/cancel-all/cancel-all.use-case';
import { armedView } from './armed-view';

/**
 * Emergency cancel-all with the broker and the store under the test's control: every working order
 * of a trade is cancelled, the protective stop withdrawn for good (a later ensure places nothing),
 * IB's global cancel only after the trades' own cancels, and each refusal a line of the report.
 */

const NOW = Date.parse('2026-03-10T15:00:00Z');
const ADMIN = { kind: 'user' as const, id: 'tok-admin', name: 'admin', role: 'admin' as const };
const ID = 't1' as TradeId;
const exit = (leg: TradeOrder['leg'], orderType: TradeOrder['orderType'] = 'MKT'): TradeOrder => ({
  orderRef: OrderRef.parse(`t1.${leg}.1`), leg, side: 'SELL', orderType, quantity: 1, limitPrice: null, stopPrice: orderType === 'STP' ? 1.2 : null,
  status: 'accepted', endReason: null, brokerFilled: null, pricedAt: NOW, repriceSteps: 0,
});

function world(guardCancel: Reply<unknown> = ok({ orderRef: OrderRef.parse('t1.guard.1'), ibOrderId: 7 })) {
  const armed = armedView(ID, NOW);
  let view: TradeView = {
    ...armed, spec: { ...armed.spec, brokerProtectiveStop: { percentBelowEntry: 50 } }, state: 'PROTECTED', filledQuantity: 2, openQuantity: 2, avgEntryPrice: 2.5,
    exits: [exit('tp'), exit('guard', 'STP')], fills: [{ execId: 'x1', orderRef: OrderRef.parse('t1.entry.1'), leg: 'entry', side: 'BUY', shares: 2, price: 2.5, at: NOW }],
  };
  const wire: string[] = [];
  const append = async (_id: string, type: string, detail: object) => {
    const t = transition(view.state, type as never);
    if (!t.ok) throw new Error(`${view.state} cannot take ${type}`);
    const seq = view.revision + 1;
    view = evolve(view, TradeEvent.parse({ eventId: `${ID}:${seq}`, tradeId: ID, seq, type, from: view.state, to: t.to, at: NOW, causationId: null, detail }));
    return view;
  };
  const trades = {
    get: (id: string) => (id === ID ? view : undefined),
    all: () => [view],
    append,
    appendIfAllowed: (id: string, type: string, detail: object) => (transition(view.state, type as never).ok ? append(id, type, detail) : Promise.resolve(undefined)),
  } as unknown as TradeStorePort;
  let globalCancel = ok({ sent: true, orders: [] }) as Awaited<ReturnType<BrokerPort['globalCancel']>>;
  const broker = {
    cancel: async (orderRef: string) => (wire.push(`cancel ${orderRef}`), orderRef === 't1.guard.1' ? guardCancel : ok({ orderRef: OrderRef.parse(orderRef), ibOrderId: 8 })),
    place: async (cmd: { orderRef: string }) => (wire.push(`place ${cmd.orderRef}`), ok({ orderRef: OrderRef.parse(cmd.orderRef), ibOrderId: 9, permId: null, outcome: 'accepted' as const })),
    globalCancel: async () => (wire.push('globalCancel'), globalCancel),
  } as unknown as BrokerPort;
  const scheduler = { run: <T>(_id: TradeId, task: () => Promise<T>) => task(), at: () => undefined, cancel: () => undefined } as unknown as TradeScheduler;
  const market = { marketRule: async () => ({ marketRuleId: 32, increments: [{ lowEdge: 0, increment: 0.05 }] }) } as unknown as MarketPort;
  const clock = new ManualClock(NOW);
  const guard = new ProtectiveStop({ trades, broker, market, scheduler, clock, logger: pino({ level: 'silent' }), retryMs: 1_000 });
  const cancelAll = new CancelAll({ trades, broker, guard, scheduler, clock });
  return { cancelAll, guard, wire, view: () => view, failGlobalCancel: () => (globalCancel = fail('TWS_DISCONNECTED', 'away')) };
}

describe('emergency cancel-all', () => {
  it('cancel-all cancels the working exit and withdraws the protective stop, which a later ensure does not place again', async () => {
    const w = world();

    const reply = await w.cancelAll.execute({ reason: 'test', by: ADMIN, broker: false });

    expect(reply.ok && reply.value.steps.map((s) => [s.step, s.orders.map((o) => `${o.orderRef} ${o.outcome}`)])).toEqual([
      ['cancel-all', ['t1.tp.1 cancelled', 't1.guard.1 cancelled']],
    ]);
    expect(w.view()).toMatchObject({ guardWithdrawn: true, openQuantity: 2 });
    expect(w.view().exits.find((x) => x.leg === 'guard')?.status).toBe('ended');
    await w.guard.ensure(ID);
    expect(w.wire.filter((x) => x.startsWith('place'))).toEqual([]);
  });

  it('cancel-all withdraws nothing when the broker refuses the protective stop\'s cancel (it filled): reported, and the guard stays as the trade knows it', async () => {
    const w = world(fail('ORDER_NOT_WORKING', 'Order t1.guard.1 filled before the cancel.'));

    const reply = await w.cancelAll.execute({ reason: 'test', by: ADMIN, broker: false });

    expect(reply.ok && reply.value.steps[0]?.orders.find((o) => o.orderRef === 't1.guard.1')).toMatchObject({ outcome: 'already-done', note: 'Order t1.guard.1 filled before the cancel.' });
    expect(w.view().guardWithdrawn).toBeUndefined();
    expect(w.view().exits.find((x) => x.leg === 'guard')?.status).toBe('accepted');
  });

  it('cancel-all --broker sends IB\'s global cancel only after the trades\' own cancels, and reports it as a step of its own, failed or not', async () => {
    const w = world();
    const sent = await w.cancelAll.execute({ reason: 'test', by: ADMIN, broker: true });
    expect(w.wire).toEqual(['cancel t1.tp.1', 'cancel t1.guard.1', 'globalCancel']);
    expect(sent.ok && sent.value.steps.map((s) => [s.step, s.ok])).toEqual([['cancel-all', true], ['global-cancel', true]]);

    w.failGlobalCancel();
    const again = await w.cancelAll.execute({ reason: 'test', by: ADMIN, broker: true });
    // Repeated: the withdrawn protective stop is not asked again; the exit (its broker event not in yet) is.
    expect(again.ok && again.value.steps.map((s) => [s.step, s.ok, s.orders.map((o) => o.orderRef), s.error?.code ?? null])).toEqual([['cancel-all', true, ['t1.tp.1'], null], ['global-cancel', false, [], 'TWS_DISCONNECTED']]);
  });
});
