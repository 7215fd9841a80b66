import pino from 'pino';
import { fail, ok, OrderRef, TradeEvent, TriggerId, type Reply, type OrderPlacement, type TradeId, type TradeOrder, type TradeView, type TriggerFiring } from '@arctrigger/contracts';
import { MarketCalendar, ManualClock } from '@arctrigger/service-kit';
import { EntryPlacement } from '../../src/flows/entry-placement';
import { EntryPreparer, type EntryPreparation, type PricedEntry, type PreparingEntry } from '../../src/flows/entry-preparation';
import type { EntryReprice } from '../../src/flows/entry-reprice';
import type { PremarketActions } from '../../src/flows/premarket-actions';
import type { EntrySuspension } from '../../src/flows/entry-suspension';
import type { TradeTraces } from '../../src/adapters/trade-traces';
import { transition } from '../../src/domain/lifecycle/transition-table';
import { evolve } from '../../src/domain/trade/evolve';
import { armedView as armedTrade } from './armed-view';
import type { BrokerPort } from '../../src/ports/broker.port';
import type { QuotePort } from '../../src/ports/quote.port';
import type { RiskPort } from '../../src/ports/risk.port';
import type { TradeScheduler } from '../../src/ports/trade-scheduler.port';
import type { TradeStorePort } from '../../src/ports/trade-store.port';
import { FireEntry, type EntryFire } from '../../src/use-cases/fire-entry/fire-entry.use-case';

/**
 * The order of a fire's steps, with the store, the broker, the risk-service and the preparation
 * under the test's control: the entry goes out (PlaceOrderOnApproval, placed by the gateway on the
 * risk approval it hears) as soon as it is priced and its risk check asked, beside the `fired`
 * append and before the risk answer; `submitting` follows `fired` and the answer; the gateway's
 * reply decides whether the order is out; and a `fired` that cannot be stored never loses a
 * reservation whose order may be out nor keeps one whose order never left.
 */

const NOW = Date.parse('2026-03-10T15:00:00Z'); // regular hours
const ID = 't1' as TradeId;

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const armedView = (): TradeView => armedTrade(ID, NOW);

const fired: EntryFire = {
  triggerId: TriggerId.parse(`${ID}-e1`), causationId: `firing:${ID}-e1`, session: 'regular',
  tick: { conId: 10, price: 231.45, source: 'last', seq: 7, exchangeTime: null, receivedAt: NOW },
} as EntryFire;

const order: TradeOrder = { orderRef: OrderRef.parse('t1.entry.1'), leg: 'entry', side: 'BUY', orderType: 'MKT', quantity: 2, limitPrice: null, stopPrice: null, status: 'sending', endReason: null, brokerFilled: null, pricedAt: NOW, repriceSteps: 0 };
const priced: PricedEntry = { kind: 'priced', order, checkId: 't1.entry.1' };
const approved: EntryPreparation = { kind: 'submit', reservationId: 'rsv:t1.entry.1', order };
const accepted = ok({ orderRef: order.orderRef, ibOrderId: 5, permId: null, outcome: 'accepted' }) as Reply<OrderPlacement>;

/**
 * A world in which each step is seen (`steps`) and the `fired` append, the two steps of the
 * preparation and the gateway's answers settle when the test says.
 */
function world() {
  const steps: string[] = [];
  let view = armedView();
  const firedAppend = deferred<void>();
  const pricing = deferred<PricedEntry>();
  const deciding = deferred<EntryPreparation>();
  const placedOnApproval = deferred<Reply<OrderPlacement>>();
  const placed = deferred<Reply<OrderPlacement>>();
  const appended: Array<{ type: string; detail: Record<string, unknown>; causationId: string | null }> = [];
  const append = async (_id: string, type: string, detail: object, causationId: string | null = null) => {
    steps.push(`append ${type}`);
    appended.push({ type, detail: detail as Record<string, unknown>, causationId });
    if (type === 'fired') await firedAppend.promise;
    const t = transition(view.state, type as never);
    if (!t?.ok) throw new Error(`${view.state} cannot take ${type}`);
    const seq = view.revision + 1;
    view = evolve(view, TradeEvent.parse({ eventId: `${ID}:${seq}`, tradeId: ID, seq, type, from: view.state, to: t.to, at: NOW, causationId: null, detail }));
    return view;
  };
  const trades = {
    get: (id: string) => (id === ID ? view : undefined),
    append,
    appendIfAllowed: (id: string, type: string, detail: object, causationId?: string | null) =>
      (transition(view.state, type as never).ok ? append(id, type, detail, causationId) : Promise.resolve(undefined)),
  } as unknown as TradeStorePort;
  const broker = {
    placeOnApproval: (cmd: { orderRef: string }) => (steps.push(`placeOnApproval ${cmd.orderRef}`), placedOnApproval.promise),
    place: (cmd: { orderRef: string }) => (steps.push(`place ${cmd.orderRef}`), placed.promise),
  } as unknown as BrokerPort;
  const risk = { release: async (_t: TradeId, reservationId: string | null) => void (reservationId && steps.push(`release ${reservationId}`)) } as unknown as RiskPort;
  const quotes = { unwatch: () => undefined } as unknown as QuotePort;
  const scheduler = { at: () => undefined, cancel: () => undefined, cancelAll: () => undefined } as unknown as TradeScheduler;
  const clock = new ManualClock(NOW);
  const calendar = new MarketCalendar();
  const traces = { rememberEntry: () => null, forget: () => undefined } as unknown as TradeTraces;
  const logger = pino({ level: 'silent' });
  const preparer = new EntryPreparer({ market: {} as never, quotes, risk, clock, calendar, quoteLimits: { maxAgeMs: 3000, maxSpreadPct: 30 }, quoteWaitMs: 1000, riskWaitMs: 10_000 });
  // As the real preparer does: the order is sent (when the caller still wants it) in the turn its check is priced.
  const prepare = jest.spyOn(preparer, 'prepare').mockImplementation((_view, sendOnApproval) => ({
    priced: pricing.promise,
    decided: deciding.promise,
    placed: pricing.promise.then((p) => (p.kind === 'priced' ? sendOnApproval?.(p.order, p.checkId) : undefined)),
  } satisfies PreparingEntry));
  const placement = new EntryPlacement({
    trades, broker, risk, quotes, scheduler, clock, traces, preparer, reprice: { schedule: () => undefined } as unknown as EntryReprice, logger, retryMs: 2000, quoteMaxAgeMs: 3000,
  });
  const fire = new FireEntry({ trades, preparer, placement, premarket: {} as PremarketActions, suspension: {} as EntrySuspension, quotes, traces, clock, calendar, premarketAskTimeoutMs: 60_000 });
  /** Priced, approved, `fired` stored and the order accepted. */
  const approveAll = () => {
    pricing.resolve(priced);
    deciding.resolve(approved);
    firedAppend.resolve();
    placedOnApproval.resolve(accepted);
  };
  return { fire, trades, prepare, steps, appended, approveAll, firedAppend, pricing, deciding, placedOnApproval, placed, state: () => view.state };
}

/** Lets every promise callback already due run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('entry fire', () => {
  it('entry fire sends the priced order on approval (v2) while `fired` is still being stored and the risk check is unanswered, and records `submitting` after both', async () => {
    const w = world();
    const done = w.fire.onFired(w.trades.get(ID)!, fired);
    await settle();
    w.pricing.resolve(priced);
    await settle();
    expect(w.steps).toEqual(['append fired', 'placeOnApproval t1.entry.1']);

    w.firedAppend.resolve();
    await settle();
    expect(w.steps).toEqual(['append fired', 'placeOnApproval t1.entry.1']);
    w.deciding.resolve(approved);
    await settle();
    expect(w.steps).toEqual(['append fired', 'placeOnApproval t1.entry.1', 'append submitting']);
    expect(w.appended.at(-1)?.detail).toMatchObject({ reservationId: 'rsv:t1.entry.1' });
    w.placedOnApproval.resolve(accepted);
    await done;
    expect(w.steps.at(-1)).toBe('append accepted');
    expect(w.state()).toBe('WORKING');
  });

  it('entry fire keeps the reservation when `fired` fails after the order went out (the retry gets the same order back)', async () => {
    const w = world();
    const done = w.fire.onFired(w.trades.get(ID)!, fired);
    w.pricing.resolve(priced);
    await settle();
    w.firedAppend.reject(new Error('stream unavailable'));
    await expect(done).rejects.toThrow('stream unavailable');
    w.deciding.resolve(approved);
    w.placedOnApproval.resolve(accepted);
    await settle();
    await settle();
    expect(w.steps).toEqual(['append fired', 'placeOnApproval t1.entry.1']);
    expect(w.state()).toBe('ARMED');
  });

  it('entry fire sends nothing and gives the reservation back when `fired` fails before the entry was priced', async () => {
    const w = world();
    const done = w.fire.onFired(w.trades.get(ID)!, fired);
    await settle();
    w.firedAppend.reject(new Error('stream unavailable'));
    await expect(done).rejects.toThrow('stream unavailable');
    w.pricing.resolve(priced);
    w.deciding.resolve(approved);
    await settle();
    await settle();
    expect(w.steps).toEqual(['append fired', 'release rsv:t1.entry.1']);
    expect(w.state()).toBe('ARMED');
  });

  it('entry fire of a risk denial: the gateway refuses the order on the same denial, and the trade records `fired` then the rejection with the risk code', async () => {
    const w = world();
    const done = w.fire.onFired(w.trades.get(ID)!, fired);
    w.pricing.resolve(priced);
    w.deciding.resolve({ kind: 'end', event: 'rejected', code: 'QUANTITY_EXCEEDS_MAXIMUM', message: 'over the cap', quoteUnusable: false });
    w.firedAppend.resolve();
    await settle();
    w.placedOnApproval.resolve(fail('RISK_NOT_APPROVED', 'The risk check t1.entry.1 was denied (QUANTITY_EXCEEDS_MAXIMUM): over the cap'));
    await done;
    expect(w.steps).toEqual(['append fired', 'placeOnApproval t1.entry.1', 'append rejected']);
    expect(w.appended.at(-1)?.detail).toMatchObject({ code: 'QUANTITY_EXCEEDS_MAXIMUM' });
    expect(w.state()).toBe('REJECTED');
  });

  it('entry fire whose approval the gateway did not hear places the order again with v1 on the answer in hand', async () => {
    const w = world();
    const done = w.fire.onFired(w.trades.get(ID)!, fired);
    w.pricing.resolve(priced);
    w.deciding.resolve(approved);
    w.firedAppend.resolve();
    await settle();
    w.placedOnApproval.resolve(fail('RISK_NOT_APPROVED', 'No decision of risk check t1.entry.1 was heard within 1000 ms', { retryable: true }));
    await settle();
    expect(w.steps).toEqual(['append fired', 'placeOnApproval t1.entry.1', 'append submitting', 'place t1.entry.1']);
    w.placed.resolve(accepted);
    await done;
    expect(w.state()).toBe('WORKING');
  });

  it('entry fire whose risk answer was lost but whose order the gateway placed on the approval it heard is submitted and working', async () => {
    const w = world();
    const done = w.fire.onFired(w.trades.get(ID)!, fired);
    w.pricing.resolve(priced);
    w.deciding.resolve({ kind: 'end', event: 'rejected', code: 'RISK_UNAVAILABLE', message: 'risk check failed closed: timeout', quoteUnusable: false });
    w.firedAppend.resolve();
    w.placedOnApproval.resolve(accepted);
    await done;
    expect(w.steps).toEqual(['append fired', 'placeOnApproval t1.entry.1', 'append submitting', 'append accepted']);
    expect(w.appended.find((a) => a.type === 'submitting')?.detail).toMatchObject({ reservationId: null, order: { orderRef: 't1.entry.1' } });
    expect(w.state()).toBe('WORKING');
  });

  it('entry fire that cannot be priced sends nothing and records `fired` then the failure', async () => {
    const w = world();
    const done = w.fire.onFired(w.trades.get(ID)!, fired);
    const stale = { kind: 'end', event: 'failed', code: 'QUOTE_STALE', message: 'quote too old', quoteUnusable: true } as const;
    w.pricing.resolve(stale);
    w.deciding.resolve(stale);
    w.firedAppend.resolve();
    await done;
    expect(w.steps).toEqual(['append fired', 'append failed']);
    expect(w.state()).toBe('FAILED');
  });

  const notice = (over: Partial<TriggerFiring> = {}): TriggerFiring => ({
    triggerId: `${ID}-e1`, owner: { tradeId: ID, purpose: 'entry' }, at: NOW, tick: fired.tick, level: 231.4, session: 'regular', ...over,
  } as TriggerFiring);

  it('entry fire on a trg.firing notice fires the ARMED trade, `fired` caused by the firing', async () => {
    const w = world();
    const done = w.fire.onFiring(notice());
    w.approveAll();
    await done;
    expect(w.steps).toEqual(['append fired', 'placeOnApproval t1.entry.1', 'append submitting', 'append accepted']);
    expect(w.appended[0]).toMatchObject({ type: 'fired', causationId: 'firing:t1-e1', detail: { triggerId: 't1-e1', price: 231.45, tickSeq: 7 } });
  });

  it('entry fire ignores a trg.firing notice at a level the trade no longer has (its compare-and-set lost to the modify), of another trigger, or of a trade no longer ARMED', async () => {
    const w = world();
    await w.fire.onFiring(notice({ level: 231.2 }));
    await w.fire.onFiring(notice({ triggerId: `${ID}-e0` as TriggerFiring['triggerId'] }));
    await w.fire.onFiring(notice({ owner: { tradeId: 'unknown' as TradeId, purpose: 'entry' } }));
    expect(w.steps).toEqual([]);
    expect(w.prepare).not.toHaveBeenCalled();

    const first = w.fire.onFiring(notice());
    w.approveAll();
    await first;
    w.prepare.mockClear();
    await w.fire.onFiring(notice()); // a second notice (another instance's) or the fired event after it
    await w.fire.onFired(w.trades.get(ID)!, { ...fired, causationId: 'fired:t1-e1' });
    expect(w.prepare).not.toHaveBeenCalled();
    expect(w.steps.filter((s) => !s.startsWith('append'))).toEqual(['placeOnApproval t1.entry.1']);
  });
});
