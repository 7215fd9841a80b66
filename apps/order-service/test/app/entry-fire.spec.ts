import pino from 'pino';
import { Contracts, ok, type TradeEvent, type TradeId, type TradeView, type TriggerFired } from '@arctrigger/contracts';
import { MarketCalendar } from '@arctrigger/service-kit';
import { onEntryFired } from '../../src/app/entry-flow';
import type { EntryPreparation } from '../../src/app/entry-preparation';
import type { TradeContext } from '../../src/app/trade-context';
import { transition } from '../../src/domain/lifecycle/transition-table';
import { evolve } from '../../src/domain/trade/evolve';

/**
 * The order of a fire's steps, with the store, the bus and the preparation under the test's
 * control: the entry goes out as soon as it is prepared (beside the `fired` append), `submitting`
 * follows `fired`, and a `fired` that cannot be stored never loses a reservation whose order may
 * be out nor keeps one whose order never left.
 */

const NOW = Date.parse('2026-03-10T15:00:00Z'); // regular hours
const ID = 't1' as TradeId;

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const armedView = (): TradeView => evolve(undefined, {
  eventId: `${ID}:1`, tradeId: ID, seq: 1, type: 'armed', from: null, to: 'ARMED', at: NOW - 1000, causationId: null,
  detail: {
    spec: {
      symbol: 'AAPL', right: 'CALL', expiry: '20260116', strike: 232.5, trigger: { price: 231.4, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 0.5 },
      takeProfit: {}, premarketPolicy: 'cancel', fireImmediately: false,
    },
    optionConId: 11, underConId: 10, strike: 232.5, multiplier: 100, marketRuleId: 32, stopLevel: 230.9, entryTriggerId: `${ID}-e1`,
  },
} as unknown as TradeEvent);

const fired: TriggerFired = {
  type: 'fired', eventId: `fired:${ID}-e1`, triggerId: `${ID}-e1`, owner: { tradeId: ID, purpose: 'entry' }, at: NOW,
  tick: { conId: 10, price: 231.45, source: 'last', seq: 7, exchangeTime: null, receivedAt: NOW },
  level: 231.4, session: 'regular',
} as TriggerFired;

const submit: EntryPreparation = {
  kind: 'submit', reservationId: 'rsv:t1.entry.1',
  order: { orderRef: 't1.entry.1', leg: 'entry', side: 'BUY', orderType: 'MKT', quantity: 2, limitPrice: null, stopPrice: null, status: 'sending', endReason: null, pricedAt: NOW, repriceSteps: 0 },
};

/** A world in which each step is seen (`steps`) and the `fired` append and the preparation settle when the test says. */
function world() {
  const steps: string[] = [];
  let view = armedView();
  const firedAppend = deferred<void>();
  const prepared = deferred<EntryPreparation>();
  const placed = deferred<unknown>();
  const store = {
    get: () => view,
    async append(_id: string, type: string, detail: Record<string, unknown>) {
      steps.push(`append ${type}`);
      if (type === 'fired') await firedAppend.promise;
      const t = transition(view.state, type as never);
      if (!t?.ok) throw new Error(`${view.state} cannot take ${type}`);
      const seq = view.revision + 1;
      view = evolve(view, { eventId: `${ID}:${seq}`, tradeId: ID, seq, type, from: view.state, to: t.to, at: NOW, causationId: null, detail } as unknown as TradeEvent);
      return view;
    },
  };
  const bus = {
    request(contract: { name: string }, payload: { orderRef?: string; reservationId?: string }) {
      steps.push(`request ${contract.name} ${payload.orderRef ?? payload.reservationId}`);
      if (contract.name === Contracts.PlaceOrder.name) return placed.promise;
      return Promise.resolve(ok({ released: true }));
    },
  };
  const ctx = {
    store, bus, clock: { now: () => NOW }, calendar: new MarketCalendar(), config: { PREMARKET_ASK_TIMEOUT_MS: 60_000 },
    traces: { rememberEntry: () => null, forget: () => undefined },
    firings: { claim: () => prepared.promise },
    quotes: { unwatch: () => undefined }, timers: { at: () => undefined, cancelAll: () => undefined },
    logger: pino({ level: 'silent' }),
  } as unknown as TradeContext;
  return { ctx, steps, firedAppend, prepared, placed, state: () => view.state };
}

/** Lets every promise callback already due run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('entry fire', () => {
  it('entry fire sends the prepared order while `fired` is still being stored, and records `submitting` after `fired`', async () => {
    const w = world();
    const done = onEntryFired(w.ctx, w.ctx.store.get(ID)!, fired);
    await settle();
    w.prepared.resolve(submit);
    await settle();
    expect(w.steps).toEqual(['append fired', 'request gw.order.cmd.place t1.entry.1']);

    w.firedAppend.resolve();
    await settle();
    expect(w.steps).toEqual(['append fired', 'request gw.order.cmd.place t1.entry.1', 'append submitting']);
    w.placed.resolve(ok({ orderRef: 't1.entry.1', ibOrderId: 5, outcome: 'accepted' }));
    await done;
    expect(w.steps.at(-1)).toBe('append accepted');
    expect(w.state()).toBe('WORKING');
  });

  it('entry fire keeps the reservation when `fired` fails after the order went out (the retry gets the same order back)', async () => {
    const w = world();
    const done = onEntryFired(w.ctx, w.ctx.store.get(ID)!, fired);
    w.prepared.resolve(submit);
    await settle();
    w.firedAppend.reject(new Error('stream unavailable'));
    await expect(done).rejects.toThrow('stream unavailable');
    w.placed.resolve(ok({ orderRef: 't1.entry.1', ibOrderId: 5, outcome: 'accepted' }));
    await settle();
    expect(w.steps).toEqual(['append fired', 'request gw.order.cmd.place t1.entry.1']);
    expect(w.state()).toBe('ARMED');
  });

  it('entry fire sends nothing and gives the reservation back when `fired` fails before the entry was prepared', async () => {
    const w = world();
    const done = onEntryFired(w.ctx, w.ctx.store.get(ID)!, fired);
    await settle();
    w.firedAppend.reject(new Error('stream unavailable'));
    await expect(done).rejects.toThrow('stream unavailable');
    w.prepared.resolve(submit);
    await settle();
    await settle();
    expect(w.steps).toEqual(['append fired', 'request risk.reservation.release rsv:t1.entry.1']);
    expect(w.state()).toBe('ARMED');
  });

  it('entry fire of a preparation that ends (risk denied) sends nothing and records `fired` then the rejection', async () => {
    const w = world();
    const done = onEntryFired(w.ctx, w.ctx.store.get(ID)!, fired);
    w.prepared.resolve({ kind: 'end', event: 'rejected', code: 'RISK_DENIED', message: 'over the cap', quoteUnusable: false });
    w.firedAppend.resolve();
    await done;
    expect(w.steps).toEqual(['append fired', 'append rejected']);
    expect(w.state()).toBe('REJECTED');
  });
});
