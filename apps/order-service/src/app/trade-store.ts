import { DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import {
  Contracts,
  KvBuckets,
  Streams,
  TradeEvent,
  TradeView,
  type TradeId,
  type TradeState,
} from '@arctrigger/contracts';
import { TypedKv, decodeJson, type Bus, type Clock } from '@arctrigger/service-kit';
import { transition } from '../domain/lifecycle/transition-table';
import { TradeEventType } from '../domain/lifecycle/trade-event-type';
import { evolve } from '../domain/trade/evolve';
import type { TradeFacts } from '../domain/trade/trade-facts';

/** A transition the table forbids was attempted by the service itself: a bug, not an input problem. */
export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(readonly tradeId: string, readonly from: TradeState | null, readonly event: string) {
    super(`trade ${tradeId}: ${from ?? '(new)'} cannot take '${event}'`);
  }
}

/**
 * The trades' system of record: every transition is appended to the TRADES stream
 * (`Nats-Msg-Id` = `<tradeId>:<seq>`, expected last subject sequence for optimistic concurrency)
 * and the resulting TradeView is projected to the `trades` KV bucket (in the background, in order). At start the whole state is
 * rebuilt from the stream.
 */
export class TradeStore {
  private readonly views = new Map<string, TradeView>();
  private readonly streamSeq = new Map<string, number>();
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

  get(tradeId: string): TradeView | undefined {
    return this.views.get(tradeId);
  }

  all(): TradeView[] {
    return [...this.views.values()];
  }

  /** Appends one event (after checking the transition table) and projects the new state. */
  async append<T extends TradeEventType>(tradeId: TradeId, type: T, facts: TradeFacts[T], causationId: string | null = null): Promise<TradeView> {
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
    const event = TradeEvent.parse({
      eventId: `${tradeId}:${seq}`,
      tradeId,
      seq,
      type,
      from,
      to,
      at: this.clock.now(),
      causationId,
      detail: JSON.parse(JSON.stringify(facts)) as Record<string, unknown>,
    });
    const ack = await this.bus.publishDurable(Contracts.TradeEvent, event, {
      params: { tradeId },
      msgId: `${tradeId}:${seq}`,
      expectLastSubjectSequence: this.streamSeq.get(tradeId) ?? 0,
    });
    this.streamSeq.set(tradeId, ack.seq);
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

  /** Rebuilds every trade from the TRADES stream and re-projects the KV bucket. */
  async recover(): Promise<number> {
    const jsm = await jetstreamManager(this.bus.nc);
    const info = await jsm.streams.info(Streams.TRADES.name);
    const last = info.state.last_seq;
    if (info.state.messages === 0) return 0;
    const consumer = await this.bus.jetstream.consumers.get(Streams.TRADES.name, { deliver_policy: DeliverPolicy.All });
    const messages = await consumer.consume();
    for await (const m of messages) {
      const decoded = decodeJson(m.data);
      const parsed = decoded.ok ? TradeEvent.safeParse(decoded.value) : undefined;
      if (parsed?.success) {
        const event = parsed.data;
        const current = this.views.get(event.tradeId);
        if (!current || event.seq === current.revision + 1 || event.type === TradeEventType.ARMED) {
          this.views.set(event.tradeId, evolve(current, event));
          this.streamSeq.set(event.tradeId, m.seq);
        }
      }
      if (m.seq >= last) break;
    }
    await messages.close();
    for (const view of this.views.values()) {
      const stored = await this.kv.get(view.tradeId);
      if (!stored || stored.value.revision !== view.revision) await this.kv.put(view.tradeId, view);
    }
    return this.views.size;
  }

  /** A trade's full history, read back from the stream. */
  async history(tradeId: string): Promise<TradeEvent[]> {
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
