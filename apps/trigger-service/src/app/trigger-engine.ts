import { Contracts, TriggerStatus, type MarketTick, type Session, type TriggerId } from '@arctrigger/contracts';
import type { Bus, Clock, MarketCalendar } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { FeedHealth } from '../feed/feed-health';
import type { TriggerFirer } from '../firing/trigger-firer';
import type { SourceCode } from '../index/indexed-trigger';
import { TriggerIndex } from '../index/trigger-index';
import { firingTick, toIndexed } from '../index/trigger-mapping';
import type { MarketDataLeases } from '@arctrigger/service-kit';
import { tickSubscriber } from '../firing/tick-subscription';
import { partitionOf } from '../partitions/partition-of';
import { ConfirmationTimers } from './confirmation-timers';
import { HeldTriggers } from './held-triggers';
import { InstrumentFreshness } from './instrument-freshness';
import type { TriggerStore, StoredTrigger } from './trigger-store';
import type { EngineCounters } from './engine-counters';
import { TriggerMetrics } from './trigger-metrics';

export interface EngineOptions {
  partitions: number;
  maxTickAgeMs: number;
}

/**
 * The owner side of the service: evaluates, on every tick, the armed triggers of the partitions
 * this instance owns. Ticks arrive on one NATS subscription per evaluated instrument (only owned
 * instruments are delivered), are validated by hand (same rules as the contract; invalid ones are
 * dead-lettered) and go through the index without further allocation. What fires goes to the
 * TriggerFirer (compare-and-set, then the durable event).
 */
export class TriggerEngine {
  readonly index = new TriggerIndex();
  readonly counters: EngineCounters = { ticks: 0, staleTicks: 0, fired: 0, lostRaces: 0 };
  private readonly lastTicks = new Map<number, MarketTick>();
  private readonly subscriptions = new Map<number, Subscription>();
  /** Instruments subscribed after a takeover that have not ticked yet (the latest quote applies). */
  private readonly recovering = new Set<number>();
  /** Triggers whose compare-and-set is in flight: never re-indexed meanwhile. */
  readonly firing = new Set<string>();
  private readonly owned = new Set<number>();
  /** Time confirmation: fires T-ms triggers when T elapses, with or without a further tick. */
  readonly confirmations: ConfirmationTimers;
  /** Stale ticks and feed: what may fire, the list's waiting-fresh-data, the status events. */
  private readonly freshness: InstrumentFreshness;
  /** Raw tick subscription callback: hand validation, then the hot path. */
  private readonly onTickMessage: ReturnType<typeof tickSubscriber>;

  constructor(
    private readonly bus: Bus,
    private readonly store: TriggerStore,
    private readonly firer: TriggerFirer,
    private readonly feed: FeedHealth,
    private readonly marketData: MarketDataLeases,
    private readonly clock: Clock,
    private readonly calendar: MarketCalendar,
    private readonly options: EngineOptions,
    private readonly logger: Logger,
    private readonly metrics: TriggerMetrics = new TriggerMetrics(),
  ) {
    this.confirmations = new ConfirmationTimers(this.index, clock, calendar, {
      mayFire: (conId) => this.feed.usable && this.owns(conId),
      fired: (conId, time, session) => this.dispatchConfirmed(conId, time, session),
    });
    this.onTickMessage = tickSubscriber(bus, (tick) => this.onTick(tick));
    this.freshness = new InstrumentFreshness(this.index, feed, this.confirmations, new HeldTriggers(bus, store, clock), options.maxTickAgeMs);
  }

  partitionOf(conId: number): number {
    return partitionOf(conId, this.options.partitions);
  }

  owns(conId: number): boolean {
    return this.owned.has(this.partitionOf(conId));
  }

  latestTick(conId: number): MarketTick | undefined {
    return this.lastTicks.get(conId);
  }

  /** The live status reason for an armed trigger on `conId`, or null when its data is fresh. */
  staleReason(conId: number): string | null {
    return this.freshness.reason(conId);
  }

  /** The hot path: one validated tick. */
  onTick(tick: MarketTick): void {
    const conId = tick.conId;
    this.counters.ticks++;
    this.lastTicks.set(conId, tick);
    if (this.recovering.size > 0) this.recovering.delete(conId);
    const session = this.calendar.sessionAt(tick.receivedAt);
    if (!this.freshness.mayFire(tick, this.clock.now())) {
      this.counters.staleTicks++;
      this.freshness.onStaleTick(tick, session);
      return;
    }
    this.freshness.onFreshTick(conId);
    // A zero bid or ask means no market on that side: it never fires a trigger.
    const n = this.index.onTick(conId, tick.bid || NaN, tick.ask || NaN, tick.last || NaN, session, tick.receivedAt);
    if (n > 0) this.dispatchFired(tick, session);
    this.confirmations.afterTick(conId);
  }

  /** The gateway's feed changed (conn / farm). */
  onFeedChanged(): void {
    this.freshness.onFeedChanged();
  }

  /** A record changed in KV (any instance's command, or our own fire). */
  onRecord(id: string, stored: StoredTrigger | undefined): void {
    const rec = stored?.value;
    const conId = rec?.conId ?? this.index.get(id)?.conId;
    if (conId === undefined || !this.owns(conId)) return;
    if (!rec || rec.status !== TriggerStatus.ARMED) {
      if (this.index.remove(id)) this.confirmations.sync(conId);
      return;
    }
    if (this.firing.has(id)) return;
    const known = this.index.get(id);
    if (known && known.level === rec.level) return;
    const n = known ? this.index.modify(id, rec.level) : this.index.add(toIndexed(rec));
    this.watchInstrument(conId);
    if (n > 0) this.dispatchFromLast(conId);
    this.confirmations.sync(conId);
  }

  /** This instance now owns `partition`: index its armed triggers, subscribe, then apply the latest quote. */
  acquired(partition: number): void {
    this.owned.add(partition);
    const conIds = new Set<number>();
    // The partition's instruments from the store's per-instrument index (not a scan of every record).
    for (const [conId, ids] of this.store.idsByConId) {
      if (this.partitionOf(conId) !== partition) continue;
      for (const id of ids) {
        const rec = this.store.records.get(id)?.value;
        if (!rec) continue;
        if (rec.status === TriggerStatus.FIRED && !rec.firedPublished) void this.republish(rec.triggerId);
        if (rec.status !== TriggerStatus.ARMED || this.firing.has(rec.triggerId)) continue;
        this.index.add(toIndexed(rec));
        conIds.add(rec.conId);
      }
    }
    for (const conId of conIds) {
      this.recovering.add(conId);
      this.watchInstrument(conId);
      void this.applyLatestQuote(conId);
    }
    this.logger.info({ partition, instruments: conIds.size }, 'partition acquired');
  }

  /** This instance no longer owns `partition`: stop evaluating its instruments at once. */
  lost(partition: number): void {
    this.owned.delete(partition);
    for (const conId of [...this.index.conIds()]) {
      if (this.partitionOf(conId) !== partition) continue;
      this.index.dropInstrument(conId);
      this.unwatchInstrument(conId);
    }
    this.logger.info({ partition }, 'partition lost');
  }

  /** Heartbeat: unsubscribe instruments with no trigger left, re-index failed fires. */
  sweep(): void {
    for (const conId of [...this.subscriptions.keys()]) {
      if (this.index.countOf(conId) === 0) {
        this.index.dropInstrument(conId);
        this.unwatchInstrument(conId);
      }
    }
  }

  stop(): void {
    for (const conId of [...this.subscriptions.keys()]) this.unwatchInstrument(conId);
    this.confirmations.cancelAll();
  }

  /** Re-publishes a fired event whose publisher may have died after its compare-and-set. */
  async republish(id: string): Promise<void> {
    const stored = await this.store.get(id);
    if (stored?.value.status === TriggerStatus.FIRED && !stored.value.firedPublished) await this.firer.publishFired(stored.value);
  }

  private async applyLatestQuote(conId: number): Promise<void> {
    const reply = await this.bus.request(Contracts.QuoteSnapshot, { conId: conId });
    if (!reply.ok) {
      this.logger.debug({ conId, code: reply.code }, 'no latest quote; evaluating on the next tick');
      return;
    }
    if (this.recovering.delete(conId) && this.owns(conId)) this.onTick(reply.value);
  }

  private watchInstrument(conId: number): void {
    if (this.subscriptions.has(conId)) return;
    this.subscriptions.set(conId, this.bus.nc.subscribe(`md.tick.v1.${conId}`, { callback: this.onTickMessage }));
    this.marketData.want(conId);
  }

  private unwatchInstrument(conId: number): void {
    this.subscriptions.get(conId)?.unsubscribe();
    this.subscriptions.delete(conId);
    this.marketData.unwant(conId);
    this.confirmations.cancel(conId);
    this.freshness.forget(conId);
    this.lastTicks.delete(conId);
    this.recovering.delete(conId);
  }

  private dispatchFromLast(conId: number): void {
    const tick = this.lastTicks.get(conId);
    if (tick) this.dispatchFired(tick, this.calendar.sessionAt(tick.receivedAt));
  }

  /**
   * Time confirmation fired triggers at `time` with no new tick: the firing tick is the last fresh
   * one (the condition held at it), the session is the one at `time`, the trace starts at `time`.
   */
  private dispatchConfirmed(conId: number, time: number, session: Session): void {
    const tick = this.lastTicks.get(conId);
    if (tick) {
      this.dispatchFired(tick, session, time);
      return;
    }
    // Cannot happen (usable prices come from a tick we keep); never lose a trigger if it does.
    this.logger.error({ conId }, 'time confirmation without a last tick; re-indexing');
    const fired = this.index.fired;
    const ids = fired.ids.slice(0, fired.count);
    for (const id of ids) this.onRecord(id, this.store.records.get(id));
  }

  private dispatchFired(tick: MarketTick, session: Session, startedAt: number = tick.receivedAt): void {
    const fired = this.index.fired;
    for (let i = 0; i < fired.count; i++) {
      const id = fired.ids[i] as TriggerId;
      this.firing.add(id);
      void this.fireOne(id, fired.levels[i] as number, firingTick(tick, fired.sources[i] as SourceCode, fired.prices[i] as number), session, startedAt);
    }
  }

  private async fireOne(id: TriggerId, level: number, tick: ReturnType<typeof firingTick>, session: Session, startedAt: number): Promise<void> {
    const outcome = await this.firer.fire(id, level, tick, session, startedAt);
    this.firing.delete(id);
    if (outcome.ok) {
      this.counters.fired++;
      // The hop ends at the notice, not at the record written behind it (TRIGGER_FIRE_RECORD_DELAY_MS).
      this.metrics.fired(startedAt, outcome.announcedAt);
      return;
    }
    this.counters.lostRaces++;
    // Lost to a modify or a failure: the current record decides (re-indexed if still armed).
    const current = this.store.records.get(id);
    if (outcome.reason !== 'expired' && current) this.onRecord(id, current);
  }
}
