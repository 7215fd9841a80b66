import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import { Contracts, TriggerStatus, type EventId, type FiringTick, type Session } from '@arctrigger/contracts';
import type { Bus, Clock } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import type { TriggerStore } from '../app/trigger-store';
import type { TriggerRecord } from '../app/trigger-record';

/**
 * Outcome of one attempt to fire. `lost` = someone else changed the trigger first (fired, disarmed,
 * modified). A won fire carries when its notice went out: the moment the owner could act on it.
 */
export type FireOutcome =
  | { ok: true; record: TriggerRecord; announcedAt: number }
  | { ok: false; reason: 'lost' | 'expired' | 'error'; detail: string };

const MAX_CAS_ATTEMPTS = 5;

/**
 * Fires a trigger exactly once: a compare-and-set on its KV record (armed → fired, with the tick)
 * decides the single winner among instances and commands; only the winner publishes the `fired`
 * event, durably, with Nats-Msg-Id `fired:<triggerId>` so a re-publish after a crash is dropped
 * by JetStream. The trace starts at the tick: a root span whose start time is the tick's receive
 * time, and the event is published inside it so its traceparent travels on.
 *
 * The `trg.firing` notice goes out first, and the record `recordDelayMs` after it: the owner acts
 * on the notice (the order-service fires the trade and its order leaves), and the record's three
 * writes and what they wake (KV watches, the `fired` event's subscribers) come behind that burst
 * instead of competing with it for the machine — on two cores they cost the order about a
 * millisecond. The record is what a lost notice or a restarted owner falls back on; meanwhile the
 * trigger is in the engine's firing set (no second fire here), and a change that wins the
 * compare-and-set in the delay (a disarm, another instance's fire) is one the owner sees or makes
 * in the trade's queue after the notice, as before. A kill -9 inside the delay leaves the trigger
 * armed: the next crossing tick fires it again, and the owner ignores a fire for a trade that
 * already left ARMED. A clean stop writes every waiting record at once (`flush`).
 */
export class TriggerFirer {
  private readonly tracer = trace.getTracer('arctrigger.trigger-service');
  /** Fires waiting for their record's turn: each releases its wait when called. */
  private readonly waiting = new Set<() => void>();
  private readonly inFlight = new Set<Promise<FireOutcome>>();
  private flushing = false;

  constructor(
    private readonly bus: Bus,
    private readonly store: TriggerStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** How long after the notice the record is written (0 = at once). */
    private readonly recordDelayMs = 0,
  ) {}

  /** `startedAt`: when the fire began: the tick's receive time, or the deadline of a time confirmation. */
  fire(triggerId: string, level: number, tick: FiringTick, session: Session, startedAt: number = tick.receivedAt): Promise<FireOutcome> {
    const fired = this.fireTraced(triggerId, level, tick, session, startedAt);
    this.inFlight.add(fired);
    const ended = () => void this.inFlight.delete(fired);
    fired.then(ended, ended);
    return fired;
  }

  /** Writes every waiting fire's record now, and resolves once every fire in flight has ended (clean stop). */
  async flush(): Promise<void> {
    this.flushing = true;
    for (const release of [...this.waiting]) release();
    await Promise.allSettled([...this.inFlight]);
  }

  private async fireTraced(triggerId: string, level: number, tick: FiringTick, session: Session, startedAt: number): Promise<FireOutcome> {
    const span = this.tracer.startSpan(
      'trigger fire',
      { root: true, kind: SpanKind.PRODUCER, startTime: startedAt, attributes: { 'trigger.id': triggerId, 'trigger.con_id': tick.conId, 'trigger.price': tick.price } },
      ROOT_CONTEXT,
    );
    try {
      return await context.with(trace.setSpan(ROOT_CONTEXT, span), () => this.casAndPublish(triggerId, level, tick, session, span));
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      this.logger.error({ err: error, triggerId }, 'firing failed');
      return { ok: false, reason: 'error', detail: String(error) };
    } finally {
      span.end();
    }
  }

  /** Publishes the fired event of a record already marked fired (first time, or again after a crash). */
  async publishFired(record: TriggerRecord, revision?: number): Promise<void> {
    const tick = record.firedBy;
    if (!tick || !record.firedSession) return;
    await this.bus.publishDurable(
      Contracts.TriggerEvent,
      {
        type: 'fired',
        eventId: `fired:${record.triggerId}` as EventId,
        triggerId: record.triggerId,
        owner: record.owner,
        at: record.updatedAt,
        tick,
        level: record.level,
        session: record.firedSession,
      },
      { params: { tradeId: record.owner.tradeId }, msgId: `fired:${record.triggerId}` },
    );
    // Straight after our own compare-and-set the record is known at its revision; a conflict
    // (someone changed it since) falls back to reading KV.
    if (revision !== undefined && (await this.store.update({ ...record, firedPublished: true }, revision)).ok) return;
    const stored = await this.store.get(record.triggerId);
    if (stored && stored.value.status === TriggerStatus.FIRED && !stored.value.firedPublished) {
      await this.store.update({ ...stored.value, firedPublished: true }, stored.revision);
    }
  }

  /**
   * `trg.firing`, on the wire just ahead of the compare-and-set, sent only from a record armed at
   * this level: the owner may act on it (the order-service fires the entry), since the CAS can
   * only lose to another fire or to a change made before it. Never lets a fire fail.
   */
  private announce(record: TriggerRecord, tick: FiringTick, session: Session): void {
    try {
      this.bus.publish(
        Contracts.TriggerFiring,
        { triggerId: record.triggerId, owner: record.owner, at: record.updatedAt, tick, level: record.level, session },
        { params: { tradeId: record.owner.tradeId } },
      );
    } catch (error) {
      this.logger.warn({ err: error, triggerId: record.triggerId }, 'firing notice not sent');
    }
  }

  /** Resolves once the record may be written: `recordDelayMs` after the notice, or at once while flushing. */
  private recordsTurn(): Promise<void> {
    if (this.recordDelayMs <= 0 || this.flushing) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const release = () => {
        this.waiting.delete(release);
        timer.cancel();
        resolve();
      };
      const timer = this.clock.setTimer(this.recordDelayMs, release);
      this.waiting.add(release);
    });
  }

  private async casAndPublish(triggerId: string, level: number, tick: FiringTick, session: Session, span: Span): Promise<FireOutcome> {
    let announcedAt = 0; // set by the first attempt's notice, ahead of any compare-and-set
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      // First attempt from the watched copy when it shows the trigger armed at this level (no KV
      // round trip on the hot path): the CAS on its revision fails if the copy is stale. Anything
      // else, and every retry, reads KV itself.
      const watched = attempt === 0 ? this.store.records.get(triggerId) : undefined;
      const usable = watched && watched.value.status === TriggerStatus.ARMED && watched.value.level === level
        && (watched.value.expiresAt === undefined || watched.value.expiresAt > this.clock.now());
      const stored = usable ? watched : await this.store.get(triggerId);
      if (!stored || stored.value.status !== TriggerStatus.ARMED) return { ok: false, reason: 'lost', detail: stored?.value.status ?? 'gone' };
      if (stored.value.level !== level) return { ok: false, reason: 'lost', detail: 'level modified' };
      const now = this.clock.now();
      if (stored.value.expiresAt !== undefined && stored.value.expiresAt <= now) return { ok: false, reason: 'expired', detail: 'expired before the tick' };
      const fired: TriggerRecord = {
        ...stored.value,
        status: TriggerStatus.FIRED,
        statusReason: null,
        lastPrice: tick.price,
        firedBy: tick,
        firedSession: session,
        updatedAt: now,
        firedPublished: false,
      };
      if (attempt === 0) {
        this.announce(fired, tick, session);
        announcedAt = this.clock.now();
        await this.recordsTurn();
      }
      const cas = await this.store.update(fired, stored.revision);
      if (!cas.ok) continue;
      span.addEvent('cas-won');
      await this.publishFired(fired, cas.revision);
      return { ok: true, record: fired, announcedAt };
    }
    return { ok: false, reason: 'lost', detail: 'compare-and-set kept conflicting' };
  }
}
