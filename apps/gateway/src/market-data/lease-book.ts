import type { ConId } from '@arctrigger/contracts';

interface Lease {
  readonly subscriberId: string;
  expiresAt: number;
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

  /** Acquires or renews `subscriberId`'s lease on each contract until `now + ttlMs`. */
  acquire(subscriberId: string, conIds: readonly ConId[], ttlMs: number, now: number): LeaseChange & { expiresAt: number } {
    const subscribe: ConId[] = [];
    const expiresAt = now + ttlMs;
    for (const conId of conIds) {
      let leases = this.byContract.get(conId);
      if (!leases) {
        leases = new Map();
        this.byContract.set(conId, leases);
        subscribe.push(conId);
      }
      const lease = leases.get(subscriberId);
      if (lease) lease.expiresAt = Math.max(lease.expiresAt, expiresAt);
      else leases.set(subscriberId, { subscriberId, expiresAt });
    }
    return { subscribe, unsubscribe: [], expiresAt };
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

  /** Drops every lease that expired by `now`. */
  expire(now: number): LeaseChange {
    const unsubscribe: ConId[] = [];
    for (const [conId, leases] of this.byContract) {
      for (const [id, lease] of leases) if (lease.expiresAt <= now) leases.delete(id);
      if (leases.size === 0) {
        this.byContract.delete(conId);
        unsubscribe.push(conId);
      }
    }
    return { subscribe: [], unsubscribe };
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
}
