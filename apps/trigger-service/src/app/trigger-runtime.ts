import { Contracts, TriggerStatus } from '@arctrigger/contracts';
import type { Bus, Clock, MarketCalendar, TimerHandle } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { TriggerCommands } from '../commands/trigger-commands';
import { FeedHealth } from '../feed/feed-health';
import { TriggerFirer } from '../firing/trigger-firer';
import { MarketDataLeases } from '@arctrigger/service-kit';
import { PartitionLeases } from '../partitions/partition-leases';
import type { TriggerServiceConfig } from '../config';
import { TriggerEngine } from './trigger-engine';
import { TriggerMetrics } from './trigger-metrics';
import { TriggerStore } from './trigger-store';

export interface RuntimeDeps {
  bus: Bus;
  clock: Clock;
  calendar: MarketCalendar;
  config: Pick<TriggerServiceConfig, 'TRIGGER_PARTITIONS' | 'TRIGGER_LEASE_TTL_MS' | 'TRIGGER_HEARTBEAT_MS' | 'TRIGGER_MAX_TICK_AGE_MS' | 'MD_LEASE_TTL_MS'>
    & Partial<Pick<TriggerServiceConfig, 'TRIGGER_FIRE_RECORD_DELAY_MS'>>;
  instanceId: string;
  logger: Logger;
  /** The service's instruments (no-op ones when left out). */
  metrics?: TriggerMetrics;
}

/**
 * One trigger-service instance, wired: the KV store and its watch, partition leases, the engine
 * (hot path), the firer, market-data leases and the commands (answered on the bus by
 * TriggerCommandsController), driven by one heartbeat. Start order is the recovery order: `load`
 * every record; the commands answer (the Nest transport listens); then `startWork` takes a share
 * of partitions (index their triggers, subscribe to their ticks, apply the latest quote).
 */
export class TriggerRuntime {
  readonly feed = new FeedHealth();
  engine!: TriggerEngine;
  commands!: TriggerCommands;
  leases!: PartitionLeases;
  private store!: TriggerStore;
  private marketData!: MarketDataLeases;
  private firer?: TriggerFirer;
  private readonly subs: Subscription[] = [];
  private timer?: TimerHandle;
  private stopped = false;
  /** True once the runtime has loaded, taken its partitions and answers commands. */
  live = false;
  readonly metrics: TriggerMetrics;

  constructor(private readonly deps: RuntimeDeps) {
    this.metrics = deps.metrics ?? new TriggerMetrics();
  }

  /** Loads every trigger record and follows the bucket: the commands can answer from here on. */
  async load(): Promise<void> {
    const { bus, clock, calendar, config, instanceId, logger } = this.deps;
    const metrics = this.metrics;
    this.store = await TriggerStore.open(bus.nc, logger);
    const firer = (this.firer = new TriggerFirer(bus, this.store, clock, logger, config.TRIGGER_FIRE_RECORD_DELAY_MS ?? 0));
    this.marketData = new MarketDataLeases(bus, clock, instanceId, config.MD_LEASE_TTL_MS);
    this.engine = new TriggerEngine(bus, this.store, firer, this.feed, this.marketData, clock, calendar,
      { partitions: config.TRIGGER_PARTITIONS, maxTickAgeMs: config.TRIGGER_MAX_TICK_AGE_MS }, logger, metrics);
    metrics.observe(this.engine.counters, () => this.engine.index.size);
    this.commands = new TriggerCommands(bus, this.store, this.engine, firer, this.feed, clock, calendar, config.TRIGGER_MAX_TICK_AGE_MS);
    this.leases = await PartitionLeases.open(bus.nc, clock,
      { instanceId, partitions: config.TRIGGER_PARTITIONS, ttlMs: config.TRIGGER_LEASE_TTL_MS, heartbeatMs: config.TRIGGER_HEARTBEAT_MS }, logger);
    this.leases.onChange(this.engine);
    this.subs.push(
      bus.subscribe(Contracts.ConnectionState, (s) => this.feed.onConnection(s) && this.engine.onFeedChanged()),
      bus.subscribe(Contracts.FeedState, (s) => this.feed.onFeed(s) && this.engine.onFeedChanged()),
    );
    this.store.onChange((id, stored) => this.engine.onRecord(id, stored));
    await this.store.start();
  }

  /**
   * Readiness before work: called once the commands answer (their subscriptions reached the
   * server before any tick subscription or quote request of this connection, so nobody sees this
   * instance working before it answers). Takes partitions, then beats.
   */
  async startWork(): Promise<void> {
    const { logger } = this.deps;
    await this.leases.beat();
    await this.marketData.beat();
    this.schedule();
    this.live = true;
    logger.info({ partitions: this.leases.owned.size, triggers: this.engine.index.size }, 'trigger engine live');
  }

  /**
   * Clean stop: stop answering and evaluating, write the record of every fire still waiting for it,
   * hand partitions back at once.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    for (const s of this.subs) s.unsubscribe();
    this.engine?.stop();
    await this.firer?.flush();
    await this.leases?.releaseAll();
    this.store?.stop();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimer(this.deps.config.TRIGGER_HEARTBEAT_MS, () => void this.beat().finally(() => this.schedule()));
  }

  private async beat(): Promise<void> {
    try {
      await this.leases.beat();
      this.engine.sweep();
      await this.commands.expireDue();
      await this.republishStuckFires();
      await this.marketData.beat();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'trigger heartbeat failed; retrying next beat');
    }
  }

  /** A fire whose publisher died between compare-and-set and publish is published by the owner. */
  private async republishStuckFires(): Promise<void> {
    const before = this.deps.clock.now() - 2 * this.deps.config.TRIGGER_HEARTBEAT_MS;
    for (const id of [...this.store.unpublishedFireIds]) {
      const r = this.store.records.get(id)?.value;
      if (r && r.status === TriggerStatus.FIRED && !r.firedPublished && r.updatedAt < before && this.engine.owns(r.conId) && !this.engine.firing.has(id)) {
        await this.engine.republish(id);
      }
    }
  }
}
