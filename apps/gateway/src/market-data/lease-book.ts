import type { ConId } from '@arctrigger/contracts';

interface Lease {
  readonly subscriberId: string;
  expiresAt: number;
  /** The TTL the subscriber last asked for: a restored lease gets it afresh. */
  ttlMs: number;
}

/** One subscriber's leases, as kept across gateway restarts. */
export interface SubscriberLeases {
  readonly subscriberId: string;
  readonly ttlMs: number;
  readonly conIds: ConId[];
}

/** What the caller must do at TWS after a lease change. */
export interface LeaseChange {
  /** First lease on a contract: start its TWS subscription. */
  readonly subscribe: ConId[];
  /** Last lease on a contract ended or expired: cancel its TWS subscription. */
  readonly unsubscribe: ConId[];
}

/**
 * Market-data leases: one TWS subscription per contract however many subscribers. A lease not
 * renewed within its TTL expires, so a crashed subscriber never leaks a market-data line.
 * Plain bookkeeping; the caller turns changes into reqMktData / cancelMktData.
 */
export class LeaseBook {
  private readonly byContract = new Map<ConId, Map<string, Lease>>();

  /**
   * Acquires or renews `subscriberId`'s lease on each contract until `now + ttlMs`; `added` counts
   * the leases that are new (a renewal changes nothing worth keeping across a restart).
   */
  acquire(subscriberId: string, conIds: readonly ConId[], ttlMs: number, now: number): LeaseChange & { expiresAt: number; added: number } {
    const subscribe: ConId[] = [];
    let added = 0;
    const expiresAt = now + ttlMs;
    for (const conId of conIds) {
      let leases = this.byContract.get(conId);
      if (!leases) {
        leases = new Map();
        this.byContract.set(conId, leases);
        subscribe.push(conId);
      }
      const lease = leases.get(subscriberId);
      if (lease) {
        lease.expiresAt = Math.max(lease.expiresAt, expiresAt);
        lease.ttlMs = ttlMs;
      } else {
        leases.set(subscriberId, { subscriberId, expiresAt, ttlMs });
        added++;
      }
    }
    return { subscribe, unsubscribe: [], expiresAt, added };
  }

  /** Ends `subscriberId`'s leases on these contracts; returns what it released and what to cancel. */
  release(subscriberId: string, conIds: readonly ConId[]): LeaseChange & { released: ConId[] } {
    const released: ConId[] = [];
    const unsubscribe: ConId[] = [];
    for (const conId of conIds) {
      const leases = this.byContract.get(conId);
      if (!leases?.delete(subscriberId)) continue;
      released.push(conId);
      if (leases.size === 0) {
        this.byContract.delete(conId);
        unsubscribe.push(conId);
      }
    }
    return { subscribe: [], unsubscribe, released };
  }

  /** Drops every lease that expired by `now`; `expired` counts them. */
  expire(now: number): LeaseChange & { expired: number } {
    const unsubscribe: ConId[] = [];
    let expired = 0;
    for (const [conId, leases] of this.byContract) {
      for (const [id, lease] of leases) {
        if (lease.expiresAt > now) continue;
        leases.delete(id);
        expired++;
      }
      if (leases.size === 0) {
        this.byContract.delete(conId);
        unsubscribe.push(conId);
      }
    }
    return { subscribe: [], unsubscribe, expired };
  }

  /** Earliest instant a lease expires (to schedule the next sweep). */
  nextExpiry(): number | undefined {
    let earliest: number | undefined;
    for (const leases of this.byContract.values())
      for (const lease of leases.values()) if (earliest === undefined || lease.expiresAt < earliest) earliest = lease.expiresAt;
    return earliest;
  }

  contracts(): ConId[] {
    return [...this.byContract.keys()];
  }

  subscribers(conId: ConId): string[] {
    return [...(this.byContract.get(conId)?.keys() ?? [])];
  }

  /** Every lease by subscriber: what a restarted gateway needs to subscribe again at once. */
  bySubscriber(): SubscriberLeases[] {
    const out = new Map<string, { subscriberId: string; ttlMs: number; conIds: ConId[] }>();
    for (const [conId, leases] of this.byContract) {
      for (const lease of leases.values()) {
        let entry = out.get(lease.subscriberId);
        if (!entry) out.set(lease.subscriberId, (entry = { subscriberId: lease.subscriberId, ttlMs: lease.ttlMs, conIds: [] }));
        entry.ttlMs = Math.max(entry.ttlMs, lease.ttlMs);
        entry.conIds.push(conId);
      }
    }
    return [...out.values()];
  }
}
