import { EventName, type IBApi } from '@stoqey/ib';
import { fail, ok, type ConId, type MarketTick, type Reply } from '@arctrigger/contracts';
import type { Clock, TimerHandle } from '@arctrigger/service-kit';
import { PACING_VIOLATION } from '../connection/ib-codes';
import type { RequestIds } from '../ids/request-ids';
import { Priority } from '../pacing/pacer';
import type { TwsSession } from '../tws/tws-session';
import { LeaseBook, type SubscriberLeases } from './lease-book';
import { greekOf, Quote, TickField } from './quote';

/** A subscription TWS dropped for pacing (100) is sent again after this, doubling per refusal up to the cap. */
export const PACING_RETRY_INITIAL_MS = 250;
export const PACING_RETRY_MAX_MS = 8_000;

/** Where ticks go: the bus in the service, a counter in the benchmark. */
export type TickSink = (tick: MarketTick) => void;

/**
 * Market data by lease: one TWS subscription per leased contract, whatever the number of
 * subscribers; cancelled when the last lease is released or expires. Ticks are merged per contract
 * and published whole (hot path: no tracing, one object per tick). Subscriptions are re-made on
 * every new session and after 1101 (data lost). A subscription TWS refuses with pacing error 100
 * (it dropped the request) is sent again with exponential backoff until it is taken.
 */
export class MarketDataFeed {
  readonly leases = new LeaseBook();
  private readonly quotes = new Map<ConId, Quote>();
  private readonly reqIdByConId = new Map<ConId, number>();
  private readonly quoteByReqId = new Map<number, Quote>();
  /** A quote whose price changed and whose size tick is expected next (see the tickPrice handler). */
  private pending: Quote | undefined;
  /** Contracts whose subscription TWS dropped for pacing: the retry's timer and how many refusals in a row. */
  private readonly pacingRetries = new Map<ConId, { timer: TimerHandle | undefined; refusals: number }>();
  private sweep: TimerHandle | undefined;
  private sweepAt = Infinity;
  /** TWS market-data requests made (tests and metrics). */
  subscriptionsMade = 0;
  cancellationsMade = 0;
  /** Subscriptions sent again after a pacing refusal (tests and metrics). */
  pacingRetriesMade = 0;

  constructor(
    private readonly session: TwsSession,
    private readonly requestIds: RequestIds,
    private readonly clock: Clock,
    private readonly sink: TickSink,
    /** Leases were added, released or expired (not renewed): the journal keeps them across restarts. */
    private readonly leasesChanged: () => void = () => undefined,
  ) {
    // A TWS price tick (bid/ask/last) arrives with its size: the decoder emits tickPrice and, at
    // once, tickSize. The pair is one quote change and is published once, by the size handler; a
    // price whose size never follows is published at the end of the current read.
    session.on(EventName.tickPrice, (reqId: number, field: number, value: number) => {
      this.flushPending();
      const q = this.quoteByReqId.get(reqId);
      if (q) this.taken(q.conId);
      if (!q?.apply(field, value)) return;
      if (!sizeFollows(field)) return this.sink(q.toTick(this.clock.now()));
      this.pending = q;
      queueMicrotask(() => this.flushPending());
    });
    session.on(EventName.tickSize, (reqId: number, field: number | undefined, value: number | undefined) => {
      const q = this.quoteByReqId.get(reqId);
      const priced = this.pending !== undefined && this.pending === q;
      if (!priced) this.flushPending();
      this.pending = undefined;
      const sized = q !== undefined && field !== undefined && value !== undefined && q.apply(field, value);
      if (q && (priced || sized)) this.sink(q.toTick(this.clock.now()));
    });
    session.on(EventName.tickString, (reqId: number, field: number, value: string) => {
      this.quoteByReqId.get(reqId)?.applyTimestamp(field, value);
    });
    session.on(
      EventName.tickOptionComputation,
      (reqId: number, field: number, _attrib: unknown, iv?: number, delta?: number, _optPrice?: number, _pv?: number, gamma?: number, vega?: number, theta?: number, undPrice?: number) => {
        const q = this.quoteByReqId.get(reqId);
        const greeks = { impliedVol: greekOf(iv), delta: greekOf(delta), gamma: greekOf(gamma), vega: greekOf(vega), theta: greekOf(theta), underlyingPrice: greekOf(undPrice) };
        if (q?.applyGreeks(field, greeks)) this.sink(q.toTick(this.clock.now()));
      },
    );
  }

  acquire(subscriberId: string, conIds: readonly ConId[], ttlMs: number): { leases: Array<{ conId: ConId; expiresAt: number }> } {
    const change = this.leases.acquire(subscriberId, conIds, ttlMs, this.clock.now());
    for (const conId of change.subscribe) this.subscribe(conId);
    this.scheduleSweep();
    if (change.added > 0) this.leasesChanged();
    return { leases: conIds.map((conId) => ({ conId, expiresAt: change.expiresAt })) };
  }

  release(subscriberId: string, conIds: readonly ConId[]): { released: ConId[] } {
    const change = this.leases.release(subscriberId, conIds);
    for (const conId of change.unsubscribe) this.unsubscribe(conId);
    if (change.released.length > 0) this.leasesChanged();
    return { released: change.released };
  }

  /**
   * The previous run's leases, at start: each gets a whole TTL from now (its lessee renews it, or
   * it expires as any other), and its contract is subscribed as soon as a TWS session is ready.
   */
  restore(leases: readonly SubscriberLeases[]): void {
    const now = this.clock.now();
    for (const l of leases) for (const conId of this.leases.acquire(l.subscriberId, l.conIds, l.ttlMs, now).subscribe) this.subscribe(conId);
    this.scheduleSweep();
  }

  /** Latest quote the gateway holds (NO_QUOTE before the first tick). */
  quote(conId: ConId): Reply<MarketTick> {
    const q = this.quotes.get(conId);
    if (!q || (q.bid === null && q.ask === null && q.last === null)) return fail('NO_QUOTE', `No quote yet for conId ${conId}; acquire a market-data lease first.`);
    return ok(q.latest(this.clock.now()));
  }

  /** A TWS error for one of our market-data request ids; the contract it concerns, if ours. */
  contractOfRequest(reqId: number): ConId | undefined {
    return this.quoteByReqId.get(reqId)?.conId;
  }

  /**
   * A TWS error for one of our market-data requests. Pacing (100): TWS dropped the request, so the
   * contract is not subscribed; it is sent again after a backoff (250 ms, doubling, at most 8 s)
   * while it is still leased. Answers whether the error was handled here (other errors are
   * surfaced by the caller as broker notices).
   */
  onRequestError(reqId: number, code: number): boolean {
    const quote = this.quoteByReqId.get(reqId);
    if (!quote || code !== PACING_VIOLATION) return false;
    const conId = quote.conId;
    this.quoteByReqId.delete(reqId);
    if (this.reqIdByConId.get(conId) === reqId) this.reqIdByConId.delete(conId);
    const retry = this.pacingRetries.get(conId) ?? { timer: undefined, refusals: 0 };
    retry.timer?.cancel();
    const delay = Math.min(PACING_RETRY_MAX_MS, PACING_RETRY_INITIAL_MS * 2 ** Math.min(retry.refusals, 16));
    retry.refusals++;
    retry.timer = this.clock.setTimer(delay, () => {
      retry.timer = undefined;
      if (this.leases.contracts().includes(conId) && !this.reqIdByConId.has(conId)) {
        this.pacingRetriesMade++;
        this.subscribe(conId);
      }
    });
    this.pacingRetries.set(conId, retry);
    return true;
  }

  /** New session (or 1101): every leased contract is subscribed again under a new request id. */
  resubscribeAll(): void {
    this.cancelPacingRetries();
    this.reqIdByConId.clear();
    this.quoteByReqId.clear();
    for (const conId of this.leases.contracts()) this.subscribe(conId);
  }

  /** Connection lost: TWS forgot our subscriptions; quotes stay as last known. */
  onDisconnect(): void {
    this.cancelPacingRetries();
    this.reqIdByConId.clear();
    this.quoteByReqId.clear();
  }

  /** TWS sends ticks for the contract: its subscription was taken, the pacing backoff starts over. */
  private taken(conId: ConId): void {
    const retry = this.pacingRetries.get(conId);
    if (retry && retry.timer === undefined) this.pacingRetries.delete(conId);
  }

  private cancelPacingRetries(): void {
    for (const retry of this.pacingRetries.values()) retry.timer?.cancel();
    this.pacingRetries.clear();
  }

  private flushPending(): void {
    const q = this.pending;
    this.pending = undefined;
    if (q) this.sink(q.toTick(this.clock.now()));
  }

  private subscribe(conId: ConId): void {
    let quote = this.quotes.get(conId);
    if (!quote) {
      quote = new Quote(conId);
      this.quotes.set(conId, quote);
    }
    const reqId = this.requestIds.allocate();
    this.reqIdByConId.set(conId, reqId);
    this.quoteByReqId.set(reqId, quote);
    // Option greeks arrive as model computations (tick 13) without asking for generic ticks.
    const sent = this.session.send(Priority.MARKET_DATA, (api: IBApi) => api.reqMktData(reqId, { conId, exchange: 'SMART' }, '', false, false));
    if (sent) this.subscriptionsMade++;
  }

  private unsubscribe(conId: ConId): void {
    this.pacingRetries.get(conId)?.timer?.cancel();
    this.pacingRetries.delete(conId);
    const reqId = this.reqIdByConId.get(conId);
    this.reqIdByConId.delete(conId);
    this.quotes.delete(conId);
    if (reqId === undefined) return;
    this.quoteByReqId.delete(reqId);
    if (this.session.send(Priority.MARKET_DATA, (api: IBApi) => api.cancelMktData(reqId))) this.cancellationsMade++;
  }

  private scheduleSweep(): void {
    const next = this.leases.nextExpiry();
    if (next === undefined || next >= this.sweepAt) return;
    this.sweep?.cancel();
    this.sweepAt = next;
    this.sweep = this.clock.setTimer(next - this.clock.now(), () => {
      this.sweep = undefined;
      this.sweepAt = Infinity;
      const change = this.leases.expire(this.clock.now());
      for (const conId of change.unsubscribe) this.unsubscribe(conId);
      if (change.expired > 0) this.leasesChanged();
      this.scheduleSweep();
    });
  }

  stop(): void {
    this.sweep?.cancel();
    this.cancelPacingRetries();
  }
}

/** Price fields TWS sends with their size in the same message (the decoder emits the size next). */
const SIZED_PRICE_FIELDS: ReadonlySet<number> = new Set([TickField.BID, TickField.ASK, TickField.LAST, TickField.DELAYED_BID, TickField.DELAYED_ASK, TickField.DELAYED_LAST]);

function sizeFollows(field: number): boolean {
  return SIZED_PRICE_FIELDS.has(field);
}
