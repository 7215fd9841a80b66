import { DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import {
  Contracts,
  KvBuckets,
  Streams,
  type TradeEvent,
  type TradeEventType,
  TradeView,
  type TradeFactsOf,
  type TradeId,
  type TradeSnapshotSlot,
  type TradeState,
} from '@arctrigger/contracts';
import { TypedKv, type Bus, type Clock, type MarketCalendar, type TimerHandle } from '@arctrigger/service-kit';
import type { Msg } from '@nats-io/transport-node';
import type { z } from 'zod';
import { canTransition, creation, isFinal, transition } from '../domain/lifecycle/transition-table';
import { evolve } from '../domain/trade/evolve';
import { InvalidTradeHistoryError, InvalidTransitionError } from '../errors';
import type { TradeStorePort } from '../ports/trade-store.port';
import { currentActor } from './acting';
import { AppliedWatermark } from './applied-watermark';
import { readStoredTradeEvent } from './stored-trade-event';
import { TradeArchive, type ArchivedListFilter } from './trade-archive';
import { TradeSnapshots } from './trade-snapshots';

/** How long an appended view waits before its KV write, with the others appended meanwhile (see project). */
const PROJECTION_DELAY_MS = 20;

/** KV reads (and writes) in flight when a start re-projects the views its tail changed. */
const REPROJECT_IN_FLIGHT = 256;

/**
 * The trades' system of record: every transition is appended to the TRADES stream
 * (`Nats-Msg-Id` = `<tradeId>:<seq>`, expected last subject sequence for optimistic concurrency),
 * validated against its type's facts, and the resulting TradeView is projected to the `trades` KV
 * bucket (in the background, in order). The working set — every trade not finished before the
 * current trading day — is snapshotted to KV `trade-snapshots` with the TRADES sequence it covers;
 * a start loads the snapshot and replays only the tail after it. A trade whose stored history does
 * not match the contract is set aside (`invalidHistory`). Trades out of the working set are read
 * back from the stream on demand (`find`, `history`, `archived`).
 */
export class TradeStore implements TradeStorePort {
  private readonly views = new Map<string, TradeView>();
  /** Told of every event appended (after it is stored), e.g. the metrics. */
  private readonly appendListeners: Array<(event: TradeEvent) => void> = [];
  private readonly streamSeq = new Map<string, number>();
  private readonly invalid = new Map<string, InvalidTradeHistoryError>();
  /** Views appended but not yet written to KV: the newest per trade. */
  private readonly unprojected = new Map<string, TradeView>();
  private projection: Promise<void> = Promise.resolve();
  private projectionScheduled = false;
  /** The TRADES sequence every message at or below which is reflected: what a snapshot covers. */
  private readonly watermark = new AppliedWatermark();
  private lastSnapshot?: { slot: TradeSnapshotSlot; coveredSeq: number };
  private snapshotting: Promise<void> = Promise.resolve();
  private snapshotTimer?: TimerHandle;

  private constructor(
    private readonly bus: Bus,
    private readonly kv: TypedKv<typeof TradeView>,
    private readonly snapshots: TradeSnapshots,
    private readonly archive: TradeArchive,
    private readonly clock: Clock,
    private readonly calendar: MarketCalendar,
  ) {}

  static async open(bus: Bus, clock: Clock, calendar: MarketCalendar): Promise<TradeStore> {
    // Views are evolved from validated events: the projection costs only the JSON encoding (readers validate).
    const kv = await TypedKv.open(bus.nc, KvBuckets.TRADES, TradeView, { validateWrites: false });
    return new TradeStore(bus, kv, await TradeSnapshots.open(bus), new TradeArchive(bus), clock, calendar);
  }

  get(tradeId: TradeId): TradeView | undefined {
    return this.views.get(tradeId);
  }

  /** Calls `listener` with every event appended from now on. */
  onAppended(listener: (event: TradeEvent) => void): void {
    this.appendListeners.push(listener);
  }

  all(): TradeView[] {
    return [...this.views.values()];
  }

  /** Why a trade was set aside at start (its stored history does not match the contract), if it was. */
  invalidHistory(tradeId: TradeId): InvalidTradeHistoryError | undefined {
    return this.invalid.get(tradeId);
  }

  async appendIfAllowed<T extends TradeEventType>(tradeId: TradeId, type: T, facts: TradeFactsOf<T>, causationId: string | null = null): Promise<TradeView | undefined> {
    const view = this.views.get(tradeId);
    if (!view || !canTransition(view.state, type)) {
      this.bus.logger.debug({ tradeId, state: view?.state, event: type }, 'event ignored: not applicable in this state');
      return undefined;
    }
    return this.append(tradeId, type, facts, causationId);
  }

  async append<T extends TradeEventType>(tradeId: TradeId, type: T, facts: TradeFactsOf<T>, causationId: string | null = null): Promise<TradeView> {
    const invalid = this.invalid.get(tradeId);
    if (invalid) throw invalid;
    const current = this.views.get(tradeId);
    const from = current?.state ?? null;
    // A creating event (armed, adopted) only without a trade; every other one only along an edge.
    const t = from ? transition(from, type) : creation(type);
    if (!t.ok) throw new InvalidTransitionError(tradeId, from, type);
    const to: TradeState = t.to;
    const seq = (current?.revision ?? 0) + 1;
    // Checked against the type's facts before anything is stored (a wrong fact is a bug here, not in
    // a replay), once: the bus sends this checked value as it is. (The union of types and facts is
    // not one TypeScript can build from a generic `type`: the check is what holds them together.)
    const unchecked = { eventId: `${tradeId}:${seq}`, tradeId, seq, type, from, to, at: this.clock.now(), causationId, actor: currentActor(), detail: JSON.parse(JSON.stringify(facts)) as unknown };
    const event: TradeEvent = this.bus.checked(Contracts.TradeEvent, unchecked as z.input<typeof TradeEvent>);
    const ack = await this.bus.publishDurable(Contracts.TradeEvent, event, {
      params: { tradeId },
      msgId: `${tradeId}:${seq}`,
      expectLastSubjectSequence: this.streamSeq.get(tradeId) ?? 0,
    });
    this.streamSeq.set(tradeId, ack.seq);
    for (const listener of this.appendListeners) listener(event);
    const next = evolve(current, event);
    this.views.set(tradeId, next);
    this.watermark.applied(ack.seq);
    this.project(tradeId, next);
    return next;
  }

  /**
   * Resolves once every projection written so far is in KV (tests, clean stop). Appends do not
   * wait for it: the event in the stream is the record; the KV view is derived and re-projected
   * by `recover` at start if it lags.
   */
  projected(): Promise<void> {
    return this.projection;
  }

  /**
   * Writes the view to KV behind the previous writes, in order, so the latest view wins. Views wait
   * PROJECTION_DELAY_MS and leave together — a fire's burst of appends (fired, submitting, accepted)
   * is written once, after its order went out instead of among its messages — each trade's newest
   * view once, and a batch starts only once the one before it is written.
   */
  private project(tradeId: string, view: TradeView): void {
    this.unprojected.set(tradeId, view);
    if (this.projectionScheduled) return;
    this.projectionScheduled = true;
    this.projection = this.projection
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, PROJECTION_DELAY_MS)))
      .then(() => {
        this.projectionScheduled = false;
        const batch = [...this.unprojected.values()];
        this.unprojected.clear();
        return Promise.all(batch.map((latest) => this.kv.put(latest.tradeId, latest).catch((error: unknown) =>
          this.bus.logger.warn({ err: error, tradeId: latest.tradeId, revision: latest.revision }, 'trade projection to KV failed; re-projected at the next start'))));
      })
      .then(() => undefined);
  }

  /**
   * Rebuilds the working set: the latest snapshot (KV `trade-snapshots`), then the TRADES messages
   * after the sequence it covers (the tail), each validated as at a full replay — an event with
   * `seq` at or below its trade's revision is already applied and skipped, so a tail that overlaps
   * the snapshot applies nothing twice. Without a snapshot the tail is the whole stream. Trades
   * finished before the current trading day are then left out; views the tail changed are
   * re-projected to KV when it lags. Returns the trades set aside because an event of theirs does
   * not match the contract (the rest are rebuilt).
   */
  async recover(): Promise<{ trades: number; invalid: InvalidTradeHistoryError[]; fromSnapshot: number; tailMessages: number; evicted: number }> {
    const snapshot = await this.snapshots.load();
    if (snapshot) {
      for (const { view, streamSeq } of snapshot.entries) {
        this.views.set(view.tradeId, view);
        this.streamSeq.set(view.tradeId, streamSeq);
      }
      for (const s of snapshot.head.setAside) this.invalid.set(s.tradeId, new InvalidTradeHistoryError(s.tradeId, s.eventId, s.eventType, s.streamSeq, s.problems));
      this.watermark.readThrough(snapshot.head.coveredSeq);
      this.lastSnapshot = { slot: snapshot.head.slot, coveredSeq: snapshot.head.coveredSeq };
    }
    const touched = new Set<string>();
    const loadedAt = Date.now();
    const tailMessages = await this.replayTail((snapshot?.head.coveredSeq ?? 0) + 1, touched);
    const replayedAt = Date.now();
    // A view whose write was lost (kill -9 after the append) is written now — before a finished one leaves the working set.
    const changed = [...touched].map((tradeId) => this.views.get(tradeId)).filter((v) => v !== undefined);
    for (let i = 0; i < changed.length; i += REPROJECT_IN_FLIGHT) {
      await Promise.all(changed.slice(i, i + REPROJECT_IN_FLIGHT).map(async (view) => {
        const stored = await this.kv.get(view.tradeId);
        if (!stored || stored.value.revision !== view.revision) await this.kv.put(view.tradeId, view);
      }));
    }
    const evicted = this.evictFinishedBeforeToday();
    this.bus.logger.debug({ replayMs: replayedAt - loadedAt, reprojectMs: Date.now() - replayedAt, reprojected: changed.length }, 'tail replayed');
    return { trades: this.views.size, invalid: [...this.invalid.values()], fromSnapshot: snapshot?.entries.length ?? 0, tailMessages, evicted };
  }

  /** Replays TRADES from `from` to the stream's last message; returns how many messages it read. */
  private async replayTail(from: number, touched: Set<string>): Promise<number> {
    const jsm = await jetstreamManager(this.bus.nc);
    const info = await jsm.streams.info(Streams.TRADES.name);
    const last = info.state.last_seq;
    if (info.state.messages === 0 || last < from) return 0;
    const consumer = await this.bus.jetstream.consumers.get(Streams.TRADES.name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from });
    // Larger pulls: a long tail (the first start after the upgrade) is read in fewer round trips.
    const messages = await consumer.consume({ max_messages: 1000 });
    const strays = new Set<string>();
    let read = 0;
    for await (const m of messages) {
      read++;
      this.replay(m.data, m.subject, m.seq, touched, strays);
      if (m.seq >= last || m.info.pending === 0) break;
    }
    await messages.close();
    // Trades out of the working set that took events since the snapshot: rebuilt from their whole history.
    for (const tradeId of strays) {
      const archived = await this.archive.rebuild(tradeId as TradeId);
      if (!archived) continue;
      if ('invalid' in archived) {
        this.invalid.set(tradeId, archived.invalid);
        continue;
      }
      this.views.set(tradeId, archived.view);
      this.streamSeq.set(tradeId, archived.streamSeq);
      touched.add(tradeId);
    }
    return read;
  }

  /**
   * Applies one stored event, or sets its trade aside when it does not match the contract. An
   * event of a trade the working set does not hold that is not its first belongs to a trade left
   * out of it (a stray): rebuilt from its history once the tail is read.
   */
  private replay(data: Msg['data'], subject: string, streamSeq: number, touched: Set<string>, strays: Set<string>): void {
    this.watermark.readThrough(streamSeq);
    const stored = readStoredTradeEvent(data, subject, streamSeq);
    const tradeId = stored.ok ? stored.event.tradeId : stored.tradeId;
    if (this.invalid.has(tradeId) || strays.has(tradeId)) return;
    if (!stored.ok) {
      this.invalid.set(tradeId, stored.error);
      this.views.delete(tradeId);
      this.streamSeq.delete(tradeId);
      return;
    }
    const event = stored.event;
    const current = this.views.get(tradeId);
    if (!current && event.seq !== 1) {
      strays.add(tradeId);
      return;
    }
    // Already applied (the snapshot or an earlier copy has it): events are idempotent by seq.
    if (current && event.seq <= current.revision) return;
    if (!current || event.seq === current.revision + 1) {
      this.views.set(tradeId, evolve(current, event));
      this.streamSeq.set(tradeId, streamSeq);
      touched.add(tradeId);
    }
  }

  /** Trades finished before the current trading day leave the working set (the archive answers for them). */
  private evictFinishedBeforeToday(): number {
    const dayStart = this.calendar.dayOf(this.clock.now()).dayStart;
    let evicted = 0;
    for (const [tradeId, view] of this.views) {
      if (isFinal(view.state) && view.updatedAt < dayStart && !this.unprojected.has(tradeId)) {
        this.views.delete(tradeId);
        this.streamSeq.delete(tradeId);
        evicted++;
      }
    }
    return evicted;
  }

  /**
   * Takes a snapshot now when the working set changed since the last one (or `force`): the views,
   * the covered sequence and the set-aside trades are captured in one turn of the event loop, then
   * written. Snapshots are written one at a time.
   */
  snapshot(force = false): Promise<void> {
    this.snapshotting = this.snapshotting.then(async () => {
      const evicted = this.evictFinishedBeforeToday();
      const coveredSeq = this.watermark.covered();
      if (!force && evicted === 0 && this.lastSnapshot?.coveredSeq === coveredSeq) return;
      const entries = [...this.views.values()].map((view) => ({ view, streamSeq: this.streamSeq.get(view.tradeId)! })).filter((e) => e.streamSeq > 0);
      const setAside = [...this.invalid.values()].map((e) => ({ tradeId: e.tradeId, eventId: e.eventId, eventType: e.eventType, streamSeq: e.streamSeq, problems: e.problems }));
      const head = await this.snapshots.write(this.lastSnapshot?.slot, entries, coveredSeq, setAside, this.clock.now());
      this.lastSnapshot = { slot: head.slot, coveredSeq };
      this.bus.logger.debug({ trades: head.trades, coveredSeq, chunks: head.chunks }, 'trade snapshot written');
    }).catch((error: unknown) => this.bus.logger.warn({ err: error }, 'trade snapshot failed; the next start replays a longer tail'));
    return this.snapshotting;
  }

  /** Snapshots every `intervalMs` (and evicts the trades finished before the trading day). */
  startSnapshots(intervalMs: number): void {
    const tick = () => {
      this.snapshotTimer = this.clock.setTimer(intervalMs, () => void this.snapshot().then(() => this.snapshotTimer && tick()));
    };
    tick();
  }

  /** Stops the snapshots; the last one is written first (a clean stop restarts from it). */
  async stopSnapshots(): Promise<void> {
    this.snapshotTimer?.cancel();
    this.snapshotTimer = undefined;
    await this.snapshot();
  }

  /** The trade in the working set, or rebuilt from its history when it left it (undefined when unknown). */
  async find(tradeId: TradeId): Promise<TradeView | undefined> {
    const view = this.views.get(tradeId);
    if (view || this.invalid.has(tradeId)) return view;
    const archived = await this.archive.rebuild(tradeId);
    if (!archived) return undefined;
    if ('invalid' in archived) {
      this.invalid.set(tradeId, archived.invalid);
      return undefined;
    }
    return archived.view;
  }

  /** Trades out of the working set in one of `states` (finished ones), most recently changed first. */
  archived(filter: ArchivedListFilter): Promise<TradeView[]> {
    return this.archive.list(filter, (tradeId) => this.views.has(tradeId));
  }

  async history(tradeId: TradeId): Promise<TradeEvent[]> {
    const last = this.streamSeq.get(tradeId);
    if (last === undefined && this.views.has(tradeId)) return [];
    return this.archive.history(tradeId, last);
  }
}
