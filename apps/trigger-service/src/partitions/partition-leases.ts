import { z } from 'zod';
import { KvBuckets } from '@arctrigger/contracts';
import { TypedKv, type Clock, type KvRecord, type RunningKvWatch } from '@arctrigger/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { planLeases, type LeaseView, type PartitionLease } from './lease-plan';

const LeaseValue = z.object({ owner: z.string(), expiresAt: z.number().int().nonnegative() });

export interface PartitionLeaseOptions {
  instanceId: string;
  partitions: number;
  ttlMs: number;
  heartbeatMs: number;
}

export interface OwnershipListener {
  acquired(partition: number): void;
  lost(partition: number): void;
}

/** Lease writes sent together before the heartbeat lets ticks through again (bounds each pause). */
const WRITES_PER_SLICE = 8;

/**
 * Partition ownership through KV leases (bucket `trigger-leases`). NATS 2.9 has no per-key TTL, so
 * a lease carries its owner and expiry in the value, and every change is a compare-and-set on the
 * key's revision: renew our own, claim free or expired ones, release the excess when a new member
 * needs a share. Members announce themselves under `members.<instanceId>` with an expiry too.
 *
 * The bucket is mirrored in memory through a KV watch, so a heartbeat reads nothing: it writes the
 * member record and the leases it renews (only those near expiry, see `renewalDue`), claims or releases, a few at a time with the event loop
 * let through in between (ticks are not held up behind a burst of lease writes).
 *
 * Self-fencing: an instance stops evaluating a partition when its next renewal could arrive too
 * late (now + heartbeat ≥ expiry), before anyone else may claim it, so no instrument has two
 * evaluating owners at once (fires are de-duplicated anyway).
 */
export class PartitionLeases {
  readonly owned = new Map<number, number>(); // partition → expiresAt we wrote
  private readonly listeners: OwnershipListener[] = [];
  /** The bucket as last seen: partition leases and member records, with their revisions. */
  private readonly mirror = new Map<string, KvRecord<PartitionLease>>();
  private watch: RunningKvWatch | undefined;
  private running = false;

  private constructor(
    private readonly kv: TypedKv<typeof LeaseValue>,
    private readonly clock: Clock,
    private readonly options: PartitionLeaseOptions,
    private readonly logger: Logger,
  ) {}

  static async open(nc: NatsConnection, clock: Clock, options: PartitionLeaseOptions, logger: Logger): Promise<PartitionLeases> {
    // Leases are written every heartbeat from typed values; the watch validates what it reads.
    const leases = new PartitionLeases(await TypedKv.open(nc, KvBuckets.TRIGGER_LEASES, LeaseValue, { validateWrites: false }), clock, options, logger);
    leases.watch = await leases.kv.watch(({ key, value, revision }) => {
      const known = leases.mirror.get(key);
      if (known && known.revision > revision) return; // our own write's answer got here first
      if (value) leases.mirror.set(key, { value, revision });
      else leases.mirror.delete(key);
    }, { onInvalid: (key, error) => logger.warn({ err: error, key }, 'invalid partition lease entry ignored') });
    await leases.watch.loaded;
    return leases;
  }

  onChange(listener: OwnershipListener): void {
    this.listeners.push(listener);
  }

  isOwned(partition: number): boolean {
    return this.owned.has(partition);
  }

  /** One heartbeat: announce, read, plan, write. Never throws (a failed round is retried next beat). */
  async beat(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.round();
    } catch (error) {
      this.logger.warn({ err: error }, 'partition lease round failed');
    } finally {
      this.fenceExpired();
      this.running = false;
    }
  }

  /** Releases every owned partition (clean shutdown): others take over at once instead of after the TTL. */
  async releaseAll(): Promise<void> {
    for (const p of [...this.owned.keys()]) {
      this.drop(p);
      const current = this.mirror.get(key(p));
      if (current?.value.owner === this.options.instanceId) {
        await this.kv.update(key(p), { owner: '', expiresAt: 0 }, current.revision).catch(() => undefined);
      }
    }
    await this.kv.delete(`members.${this.options.instanceId}`).catch(() => undefined);
    this.watch?.stop();
  }

  private async round(): Promise<void> {
    const { instanceId: me, partitions, ttlMs } = this.options;
    const now = this.clock.now();
    const memberKey = `members.${me}`;
    if (this.renewalDue(now, this.mirror.get(memberKey)?.value.expiresAt)) await this.write(memberKey, { owner: me, expiresAt: now + ttlMs });
    const views: LeaseView[] = Array.from({ length: partitions }, (_, p) => {
      const r = this.mirror.get(key(p));
      return { lease: r?.value, revision: r?.revision ?? 0 };
    });
    const members = new Set<string>();
    for (const [k, r] of this.mirror) if (k.startsWith('members.') && r.value.expiresAt > now) members.add(r.value.owner);
    const plan = planLeases(me, now, views, members);
    for (const p of plan.release) {
      this.drop(p); // stop evaluating before anyone may claim it
      await this.swap(p, { owner: '', expiresAt: 0 }, views[p] as LeaseView);
    }
    const expiresAt = now + ttlMs;
    const wanted = [...plan.renew.filter((p) => this.renewalDue(now, this.owned.get(p))), ...plan.claim];
    for (let i = 0; i < wanted.length; i += WRITES_PER_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      await Promise.all(
        wanted.slice(i, i + WRITES_PER_SLICE).map(async (p) => {
          if (await this.swap(p, { owner: me, expiresAt }, views[p] as LeaseView)) this.take(p, expiresAt);
          else this.drop(p);
        }),
      );
    }
  }

  /**
   * A lease (or the member record) is renewed once it has no more than max(⅔ TTL, 2½ heartbeats)
   * left, not every heartbeat: with a 10 s TTL and 1 s heartbeats that is one write in four, and
   * every instance's watch sees a quarter of the lease traffic. Skipping a beat still leaves more
   * than 1½ heartbeats at the next one, above the self-fence (one heartbeat), so a renewal that
   * fails has further beats to retry in before the instance stops evaluating. With the default 3 s
   * TTL this renews every heartbeat, as before.
   */
  private renewalDue(now: number, expiresAt: number | undefined): boolean {
    const { ttlMs, heartbeatMs } = this.options;
    return expiresAt === undefined || expiresAt - now <= Math.max((ttlMs * 2) / 3, 2.5 * heartbeatMs);
  }

  /** Compare-and-set of a partition's lease against the revision it was planned from; false when someone wrote first. */
  private async swap(p: number, lease: PartitionLease, view: LeaseView): Promise<boolean> {
    const cas = view.lease ? await this.kv.update(key(p), lease, view.revision) : await this.kv.create(key(p), lease);
    if (cas.ok) this.remember(key(p), lease, cas.revision);
    return cas.ok;
  }

  private async write(k: string, lease: PartitionLease): Promise<void> {
    this.remember(k, lease, await this.kv.put(k, lease));
  }

  /** Our own write, known at once: the next round plans from it even if the watch has not caught up. */
  private remember(k: string, lease: PartitionLease, revision: number): void {
    const known = this.mirror.get(k);
    if (!known || known.revision < revision) this.mirror.set(k, { value: lease, revision });
  }

  private fenceExpired(): void {
    const now = this.clock.now();
    for (const [p, expiresAt] of this.owned) if (now + this.options.heartbeatMs >= expiresAt) this.drop(p);
  }

  private take(p: number, expiresAt: number): void {
    const had = this.owned.has(p);
    this.owned.set(p, expiresAt);
    if (!had) for (const l of this.listeners) l.acquired(p);
  }

  private drop(p: number): void {
    if (!this.owned.delete(p)) return;
    for (const l of this.listeners) l.lost(p);
  }
}

const key = (p: number) => `p.${p}`;
