import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import { Contracts, TriggerStatus, type EventId, type FiringTick, type Session } from '@arctrigger/contracts';
import type { Bus, Clock } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import type { TriggerStore } from '../app/trigger-store';
import type { TriggerRecord } from '../app/trigger-record';

/** Outcome of one attempt to fire. `lost` = someone else changed the trigger first (fired, disarmed, modified). */
export type FireOutcome =
  | { ok: true; record: TriggerRecord }
  | { ok: false; reason: 'lost' | 'expired' | 'error'; detail: string };

const MAX_CAS_ATTEMPTS = 5;

/**
 * Fires a trigger exactly once: a compare-and-set on its KV record (armed → fired, with the tick)
 * decides the single winner among instances and commands (a `trg.firing` notice goes out beside
 * the first attempt, so the owner can get ready meanwhile); only the winner publishes the `fired`
 * event, durably, with Nats-Msg-Id `fired:<triggerId>` so a re-publish after a crash is dropped
 * by JetStream. The trace starts at the tick: a root span whose start time is the tick's receive
 * time, and the event is published inside it so its traceparent travels on.
 */
export class TriggerFirer {
  private readonly tracer = trace.getTracer('arctrigger.trigger-service');

  constructor(
    private readonly bus: Bus,
    private readonly store: TriggerStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** `startedAt`: when the fire began: the tick's receive time, or the deadline of a time confirmation. */
  async fire(triggerId: string, level: number, tick: FiringTick, session: Session, startedAt: number = tick.receivedAt): Promise<FireOutcome> {
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

  private async casAndPublish(triggerId: string, level: number, tick: FiringTick, session: Session, span: Span): Promise<FireOutcome> {
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
      if (attempt === 0) this.announce(fired, tick, session);
      const cas = await this.store.update(fired, stored.revision);
      if (!cas.ok) continue;
      span.addEvent('cas-won');
      await this.publishFired(fired, cas.revision);
      return { ok: true, record: fired };
    }
    return { ok: false, reason: 'lost', detail: 'compare-and-set kept conflicting' };
  }
}
