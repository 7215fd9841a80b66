import { z } from 'zod';
import { KvBuckets } from '@arctrigger/contracts';
import { TypedKv, type Clock } from '@arctrigger/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { planLeases, type LeaseView } from './lease-plan';

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

/**
 * Partition ownership through KV leases (bucket `trigger-leases`). NATS 2.9 has no per-key TTL, so
 * a lease carries its owner and expiry in the value, and every change is a compare-and-set on the
 * key's revision: renew our own, claim free or expired ones, release the excess when a new member
 * needs a share. Members announce themselves under `members.<instanceId>` with an expiry too.
 *
 * Self-fencing: an instance stops evaluating a partition when its next renewal could arrive too
 * late (now + heartbeat ≥ expiry), before anyone else may claim it, so no instrument has two
 * evaluating owners at once (fires are de-duplicated anyway).
 */
export class PartitionLeases {
  readonly owned = new Map<number, number>(); // partition → expiresAt we wrote
  private readonly listeners: OwnershipListener[] = [];
  private running = false;

  private constructor(
    private readonly kv: TypedKv<typeof LeaseValue>,
    private readonly clock: Clock,
    private readonly options: PartitionLeaseOptions,
    private readonly logger: Logger,
  ) {}

  static async open(nc: NatsConnection, clock: Clock, options: PartitionLeaseOptions, logger: Logger): Promise<PartitionLeases> {
    return new PartitionLeases(await TypedKv.open(nc, KvBuckets.TRIGGER_LEASES, LeaseValue), clock, options, logger);
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
      const current = await this.kv.get(key(p)).catch(() => undefined);
      if (current?.value.owner === this.options.instanceId) {
        await this.kv.update(key(p), { owner: '', expiresAt: 0 }, current.revision).catch(() => undefined);
      }
    }
    await this.kv.delete(`members.${this.options.instanceId}`).catch(() => undefined);
  }

  private async round(): Promise<void> {
    const { instanceId: me, partitions, ttlMs } = this.options;
    const now = this.clock.now();
    await this.kv.put(`members.${me}`, { owner: me, expiresAt: now + ttlMs });
    const views: LeaseView[] = await Promise.all(
      Array.from({ length: partitions }, async (_, p) => {
        const r = await this.kv.get(key(p));
        return { lease: r?.value, revision: r?.revision ?? 0 };
      }),
    );
    const members = new Set<string>();
    for (const m of await this.kv.keys('members.*')) {
      const r = await this.kv.get(m);
      if (r && r.value.expiresAt > now) members.add(r.value.owner);
    }
    const plan = planLeases(me, now, views, members);
    for (const p of plan.release) {
      this.drop(p); // stop evaluating before anyone may claim it
      await this.kv.update(key(p), { owner: '', expiresAt: 0 }, (views[p] as LeaseView).revision);
    }
    const expiresAt = now + ttlMs;
    await Promise.all(
      [...plan.renew, ...plan.claim].map(async (p) => {
        const view = views[p] as LeaseView;
        const cas = view.lease ? await this.kv.update(key(p), { owner: me, expiresAt }, view.revision) : await this.kv.create(key(p), { owner: me, expiresAt });
        if (cas.ok) this.take(p, expiresAt);
        else this.drop(p);
      }),
    );
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
