import { DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import {
  Contracts,
  KvBuckets,
  Streams,
  TradeEvent,
  TradeEventEnvelope,
  TradeEventType,
  TradeView,
  type TradeFactsOf,
  type TradeId,
  type TradeState,
} from '@arctrigger/contracts';
import { TypedKv, decodeJson, fieldIssues, type Bus, type Clock } from '@arctrigger/service-kit';
import type { Msg } from '@nats-io/transport-node';
import { canTransition, transition } from '../domain/lifecycle/transition-table';
import { evolve } from '../domain/trade/evolve';
import { InvalidTradeHistoryError, InvalidTransitionError } from '../errors';
import type { TradeStorePort } from '../ports/trade-store.port';
import { currentActor } from './acting';

/**
 * The trades' system of record: every transition is appended to the TRADES stream
 * (`Nats-Msg-Id` = `<tradeId>:<seq>`, expected last subject sequence for optimistic concurrency),
 * validated against its type's facts, and the resulting TradeView is projected to the `trades` KV
 * bucket (in the background, in order). At start the whole state is rebuilt from the stream; a
 * trade whose stored history does not match the contract is set aside (`invalidHistory`).
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

  private constructor(
    private readonly bus: Bus,
    private readonly kv: TypedKv<typeof TradeView>,
    private readonly clock: Clock,
  ) {}

  static async open(bus: Bus, clock: Clock): Promise<TradeStore> {
    // Views are evolved from validated events: the projection costs only the JSON encoding (readers validate).
    const kv = await TypedKv.open(bus.nc, KvBuckets.TRADES, TradeView, { validateWrites: false });
    return new TradeStore(bus, kv, clock);
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
    let to: TradeState;
    if (type === TradeEventType.ARMED) {
      if (current) throw new InvalidTransitionError(tradeId, from, type);
      to = 'ARMED';
    } else {
      const t = from ? transition(from, type) : undefined;
      if (!from || !t?.ok) throw new InvalidTransitionError(tradeId, from, type);
      to = t.to;
    }
    const seq = (current?.revision ?? 0) + 1;
    // Parsed against the type's facts before anything is stored: a wrong fact is a bug here, not in a replay.
    const event = TradeEvent.parse({ eventId: `${tradeId}:${seq}`, tradeId, seq, type, from, to, at: this.clock.now(), causationId, actor: currentActor(), detail: JSON.parse(JSON.stringify(facts)) as unknown });
    const ack = await this.bus.publishDurable(Contracts.TradeEvent, event, {
      params: { tradeId },
      msgId: `${tradeId}:${seq}`,
      expectLastSubjectSequence: this.streamSeq.get(tradeId) ?? 0,
    });
    this.streamSeq.set(tradeId, ack.seq);
    for (const listener of this.appendListeners) listener(event);
    const next = evolve(current, event);
    this.views.set(tradeId, next);
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
   * Writes the view to KV behind the previous writes, in order, so the latest view wins. The write
   * waits for the event loop's next turn — whatever the append's caller does next (an order going
   * out) goes first — and a trade whose write has not started yet has it write its newest view
   * instead of queueing another.
   */
  private project(tradeId: string, view: TradeView): void {
    const queued = this.unprojected.has(tradeId);
    this.unprojected.set(tradeId, view);
    if (queued) return;
    this.projection = this.projection
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        const latest = this.unprojected.get(tradeId)!;
        this.unprojected.delete(tradeId);
        return this.kv.put(tradeId, latest).catch((error: unknown) =>
          this.bus.logger.warn({ err: error, tradeId, revision: latest.revision }, 'trade projection to KV failed; re-projected at the next start'));
      })
      .then(() => undefined);
  }

  /**
   * Rebuilds every trade from the TRADES stream and re-projects the KV bucket. Returns the trades
   * set aside because an event of theirs does not match the contract (the rest are rebuilt).
   */
  async recover(): Promise<{ trades: number; invalid: InvalidTradeHistoryError[] }> {
    const jsm = await jetstreamManager(this.bus.nc);
    const info = await jsm.streams.info(Streams.TRADES.name);
    const last = info.state.last_seq;
    if (info.state.messages === 0) return { trades: 0, invalid: [] };
    const consumer = await this.bus.jetstream.consumers.get(Streams.TRADES.name, { deliver_policy: DeliverPolicy.All });
    const messages = await consumer.consume();
    for await (const m of messages) {
      this.replay(m.data, m.subject, m.seq);
      if (m.seq >= last) break;
    }
    await messages.close();
    for (const view of this.views.values()) {
      const stored = await this.kv.get(view.tradeId);
      if (!stored || stored.value.revision !== view.revision) await this.kv.put(view.tradeId, view);
    }
    return { trades: this.views.size, invalid: [...this.invalid.values()] };
  }

  /** Applies one stored event, or sets its trade aside when it does not match the contract. */
  private replay(data: Msg['data'], subject: string, streamSeq: number): void {
    const decoded = decodeJson(data);
    const envelope = decoded.ok ? TradeEventEnvelope.safeParse(decoded.value) : undefined;
    const tradeId = envelope?.success ? envelope.data.tradeId : subject.split('.').pop()!;
    if (this.invalid.has(tradeId)) return;
    const parsed = decoded.ok ? TradeEvent.safeParse(decoded.value) : undefined;
    if (!parsed?.success) {
      const problems = !decoded.ok ? 'not JSON' : fieldIssues(parsed!.error).map((i) => `${i.path}: ${i.message}`).join('; ');
      const e = envelope?.success ? envelope.data : undefined;
      this.invalid.set(tradeId, new InvalidTradeHistoryError(tradeId, e?.eventId ?? `${tradeId}:?`, e?.type ?? '?', streamSeq, problems));
      this.views.delete(tradeId);
      return;
    }
    const event = parsed.data;
    const current = this.views.get(event.tradeId);
    if (!current || event.seq === current.revision + 1 || event.type === TradeEventType.ARMED) {
      this.views.set(event.tradeId, evolve(current, event));
      this.streamSeq.set(event.tradeId, streamSeq);
    }
  }

  async history(tradeId: TradeId): Promise<TradeEvent[]> {
    const view = this.views.get(tradeId);
    if (!view) return [];
    const consumer = await this.bus.jetstream.consumers.get(Streams.TRADES.name, {
      // A single subject as a string: nats-server 2.9 knows filter_subject only.
      filter_subjects: `trade.evt.v1.${tradeId}`,
      deliver_policy: DeliverPolicy.All,
    });
    const out: TradeEvent[] = [];
    const messages = await consumer.consume();
    for await (const m of messages) {
      const decoded = decodeJson(m.data);
      const parsed = decoded.ok ? TradeEvent.safeParse(decoded.value) : undefined;
      if (parsed?.success) out.push(parsed.data);
      if (out.length >= view.revision || m.info.pending === 0) break;
    }
    await messages.close();
    return out;
  }
}
