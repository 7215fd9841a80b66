import {
  BusErrorCode,
  Contracts,
  IfMetOnArm,
  TriggerErrorCode,
  TriggerStatus,
  fail,
  ok,
  type ArmTriggerCommand,
  type DisarmTriggerCommand,
  type ErrorReply,
  type EventId,
  type ListTriggersQuery,
  type MarketTick,
  type ModifyTriggerCommand,
  type TriggerEvent,
  type TriggerView,
} from '@arctrigger/contracts';
import type { Bus, Clock, MarketCalendar } from '@arctrigger/service-kit';
import type { TriggerEngine } from '../app/trigger-engine';
import { isLive, transition, TriggerTransition } from '../app/trigger-status';
import { viewOf, type TriggerRecord } from '../app/trigger-record';
import type { StoredTrigger, TriggerStore } from '../app/trigger-store';
import type { FeedHealth } from '../feed/feed-health';
import type { TriggerFirer } from '../firing/trigger-firer';
import { firingTick, metBy, priceOf } from '../index/trigger-mapping';
import { SourceCode } from '../index/indexed-trigger';

type Result = { ok: true; value: TriggerView } | ErrorReply;
const MAX_CAS_ATTEMPTS = 5;

/**
 * Arm, modify, disarm, list and expire. Any instance answers commands (queue group); every write
 * is a compare-and-set on the trigger's KV record, and the partition owner learns about it through
 * the KV watch. "Already met" is judged against the latest quote (the owner's last tick, or the
 * gateway's `gw.md.quote.v1`) when that quote is fresh and in the trigger's session scope; with no
 * usable quote the trigger is armed and the first fresh tick decides.
 */
export class TriggerCommands {
  constructor(
    private readonly bus: Bus,
    private readonly store: TriggerStore,
    private readonly engine: TriggerEngine,
    private readonly firer: TriggerFirer,
    private readonly feed: FeedHealth,
    private readonly clock: Clock,
    private readonly calendar: MarketCalendar,
    private readonly maxTickAgeMs: number,
  ) {}

  async arm(cmd: ArmTriggerCommand): Promise<Result> {
    // A retry of an arm answers with the trigger's current state, even once its expiry has passed.
    const existing = await this.store.get(cmd.triggerId);
    if (existing) return this.sameArm(existing, cmd);
    const now = this.clock.now();
    if (cmd.expiresAt !== undefined && cmd.expiresAt <= now) return fail(TriggerErrorCode.EXPIRES_IN_PAST, `expiresAt ${new Date(cmd.expiresAt).toISOString()} is not in the future`);
    const quote = await this.latestQuote(cmd.conId);
    const met = quote ? this.metAt(cmd, quote) : undefined;
    if (met !== undefined && cmd.ifMetOnArm === IfMetOnArm.REJECT) {
      return fail(TriggerErrorCode.ALREADY_MET, `the ${cmd.priceSource} price ${met} is already ${cmd.direction} ${cmd.level}; not armed (ifMetOnArm: reject)`);
    }
    const { ifMetOnArm, ...spec } = cmd;
    const record: TriggerRecord = {
      ...spec,
      ifMetOnArm,
      status: TriggerStatus.ARMED,
      statusReason: null,
      lastPrice: quote ? (met ?? null) : null,
      armedAt: now,
      updatedAt: now,
      firedBy: null,
      firedSession: null,
      firedPublished: false,
    };
    const created = await this.store.create(record);
    if (!created.ok) {
      const winner = await this.store.get(cmd.triggerId);
      return winner ? this.sameArm(winner, cmd) : fail(TriggerErrorCode.CONFLICT, 'the trigger changed while arming; retry', { retryable: true });
    }
    await this.publish({ type: 'armed', ...this.base(record, `armed:${record.triggerId}`), trigger: viewOf(record, created.revision) }, `armed:${record.triggerId}`);
    // Confirmation rules need the condition to persist: those arm and let the owner confirm.
    if (met !== undefined && quote && !cmd.confirmation) {
      const session = this.calendar.sessionAt(quote.receivedAt);
      await this.firer.fire(cmd.triggerId, cmd.level, firingTick(quote, SourceCode[cmd.priceSource], met), session);
    }
    return this.current(cmd.triggerId);
  }

  async modify(cmd: ModifyTriggerCommand): Promise<Result> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const stored = await this.store.get(cmd.triggerId);
      if (!stored) return fail(TriggerErrorCode.NOT_FOUND, `no trigger ${cmd.triggerId}`);
      const refused = this.refuse(stored.value.status, TriggerTransition.MODIFY);
      if (refused) return refused;
      const now = this.clock.now();
      if (cmd.expiresAt !== undefined && cmd.expiresAt !== null && cmd.expiresAt <= now) return fail(TriggerErrorCode.EXPIRES_IN_PAST, 'expiresAt is not in the future');
      const next: TriggerRecord = { ...stored.value, level: cmd.level ?? stored.value.level, updatedAt: now };
      if (cmd.expiresAt === null) delete next.expiresAt;
      else if (cmd.expiresAt !== undefined) next.expiresAt = cmd.expiresAt;
      if (cmd.level !== undefined && stored.value.ifMetOnArm === IfMetOnArm.REJECT) {
        const quote = await this.latestQuote(stored.value.conId);
        const met = quote ? this.metAt(next, quote) : undefined;
        if (met !== undefined) return fail(TriggerErrorCode.ALREADY_MET, `the ${next.priceSource} price ${met} is already ${next.direction} ${next.level}; not modified`);
      }
      const cas = await this.store.update(next, stored.revision);
      if (!cas.ok) continue;
      await this.publish({ type: 'modified', ...this.base(next, `modified:${next.triggerId}:${cas.revision}`), level: next.level, trigger: viewOf(next, cas.revision) }, `modified:${next.triggerId}:${cas.revision}`);
      return ok(this.live(next, cas.revision));
    }
    return fail(TriggerErrorCode.CONFLICT, 'the trigger kept changing; retry', { retryable: true });
  }

  async disarm(cmd: DisarmTriggerCommand): Promise<Result> {
    return this.finish(cmd.triggerId, TriggerTransition.DISARM, cmd.reason ?? 'disarmed');
  }

  /** Heartbeat: expires owned armed triggers whose expiry passed. */
  async expireDue(): Promise<void> {
    const now = this.clock.now();
    // Only the armed triggers that have an expiry (the store keeps them apart): a beat does not grow with the bucket.
    for (const id of [...this.store.expiringIds]) {
      const rec = this.store.records.get(id)?.value;
      if (rec && rec.status === TriggerStatus.ARMED && rec.expiresAt !== undefined && rec.expiresAt <= now && this.engine.owns(rec.conId)) {
        await this.finish(id, TriggerTransition.EXPIRE, 'expired');
      }
    }
  }

  /**
   * The triggers a query asks for. A live trigger's `lastPrice` is its price source on the latest
   * quote — this instance's last tick for the instruments it owns, else the gateway's snapshot — so
   * a watcher shows the market moving while the trigger waits (the stored value only changes when
   * the trigger fires).
   */
  async list(query: ListTriggersQuery): Promise<{ ok: true; value: { triggers: TriggerView[] } }> {
    const triggers: TriggerView[] = [];
    for (const stored of this.store.records.values()) {
      const r = stored.value;
      if (query.tradeId && r.owner.tradeId !== query.tradeId) continue;
      if (query.conId && r.conId !== query.conId) continue;
      if (query.purpose && r.owner.purpose !== query.purpose) continue;
      if (!query.includeFinished && !isLive(r.status)) continue;
      triggers.push(this.live(r, stored.revision));
    }
    const live = triggers.filter((t) => isLive(t.status));
    const quotes = new Map<number, MarketTick | undefined>();
    await Promise.all([...new Set(live.map((t) => t.conId))].map(async (conId) => quotes.set(conId, await this.latestQuote(conId))));
    for (const t of live) {
      const quote = quotes.get(t.conId);
      const price = quote ? priceOf(quote, t.priceSource) : undefined;
      if (price !== undefined) t.lastPrice = price;
    }
    return ok({ triggers });
  }

  private async finish(id: string, on: typeof TriggerTransition.DISARM | typeof TriggerTransition.EXPIRE, reason: string): Promise<Result> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const stored = await this.store.get(id);
      if (!stored) return fail(TriggerErrorCode.NOT_FOUND, `no trigger ${id}`);
      const done = on === TriggerTransition.DISARM ? TriggerStatus.DISARMED : TriggerStatus.EXPIRED;
      if (stored.value.status === done) return ok(this.live(stored.value, stored.revision)); // idempotent
      const refused = this.refuse(stored.value.status, on);
      if (refused) return refused;
      const next: TriggerRecord = { ...stored.value, status: done, statusReason: reason, updatedAt: this.clock.now() };
      const cas = await this.store.update(next, stored.revision);
      if (!cas.ok) continue;
      const event: TriggerEvent =
        on === TriggerTransition.DISARM
          ? { type: 'disarmed', ...this.base(next, `disarmed:${id}`), reason }
          : { type: 'expired', ...this.base(next, `expired:${id}`) };
      await this.publish(event, `${event.type}:${id}`);
      return ok(this.live(next, cas.revision));
    }
    return fail(TriggerErrorCode.CONFLICT, 'the trigger kept changing; retry', { retryable: true });
  }

  private refuse(status: TriggerStatus, on: TriggerTransition): ErrorReply | undefined {
    const t = transition(status, on);
    return t.ok ? undefined : fail(TriggerErrorCode.NOT_ARMED, `the trigger is ${status}: ${t.message}`);
  }

  /** An arm of an existing id: the same command again answers the current state; another is refused. */
  private sameArm(existing: StoredTrigger, cmd: ArmTriggerCommand): Result {
    const differs = specDifference(existing.value, cmd);
    if (differs) return fail(TriggerErrorCode.TRIGGER_EXISTS, `trigger ${cmd.triggerId} already exists with a different ${differs}`);
    return ok(this.live(existing.value, existing.revision));
  }

  private async current(id: string): Promise<Result> {
    const stored = await this.store.get(id);
    return stored ? ok(this.live(stored.value, stored.revision)) : fail(TriggerErrorCode.NOT_FOUND, `no trigger ${id}`);
  }

  /** The stored record with the live status overlaid (waiting-fresh-data while its data is stale). */
  private live(r: TriggerRecord, revision: number): TriggerView {
    if (r.status !== TriggerStatus.ARMED) return viewOf(r, revision);
    const stale = this.engine.staleReason(r.conId);
    return stale ? viewOf(r, revision, TriggerStatus.WAITING_FRESH_DATA, stale) : viewOf(r, revision);
  }

  private metAt(spec: Parameters<typeof metBy>[0], quote: MarketTick): number | undefined {
    if (!this.feed.usable || this.clock.now() - quote.receivedAt > this.maxTickAgeMs) return undefined;
    return metBy(spec, quote, this.calendar.sessionAt(quote.receivedAt));
  }

  private async latestQuote(conId: number): Promise<MarketTick | undefined> {
    const local = this.engine.owns(conId) ? this.engine.latestTick(conId) : undefined;
    if (local) return local;
    const reply = await this.bus.request(Contracts.QuoteSnapshot, { conId: conId });
    if (reply.ok) return reply.value;
    if (reply.code !== BusErrorCode.NO_RESPONDERS) this.bus.logger.debug({ conId, code: reply.code }, 'no latest quote at arm time');
    return undefined;
  }

  private base(r: TriggerRecord, eventId: string) {
    return { eventId: eventId as EventId, triggerId: r.triggerId, owner: r.owner, at: r.updatedAt };
  }

  private async publish(event: TriggerEvent, msgId: string): Promise<void> {
    await this.bus.publishDurable(Contracts.TriggerEvent, event, { params: { tradeId: event.owner.tradeId }, msgId });
  }
}

/** The first field in which an arm command differs from the stored trigger's specification, or null. */
function specDifference(r: TriggerRecord, cmd: ArmTriggerCommand): string | null {
  const pairs: Array<[string, unknown, unknown]> = [
    ['conId', r.conId, cmd.conId],
    ['owner.tradeId', r.owner.tradeId, cmd.owner.tradeId],
    ['owner.purpose', r.owner.purpose, cmd.owner.purpose],
    ['priceSource', r.priceSource, cmd.priceSource],
    ['direction', r.direction, cmd.direction],
    ['level', r.level, cmd.level],
    ['sessionScope', r.sessionScope, cmd.sessionScope],
    ['confirmation.ticks', r.confirmation?.ticks, cmd.confirmation?.ticks],
    ['confirmation.ms', r.confirmation?.ms, cmd.confirmation?.ms],
    ['expiresAt', r.expiresAt, cmd.expiresAt],
    ['ifMetOnArm', r.ifMetOnArm, cmd.ifMetOnArm],
  ];
  const differing = pairs.find(([, stored, asked]) => stored !== asked);
  return differing ? `${differing[0]} (${String(differing[1])} armed, ${String(differing[2])} asked)` : null;
}
