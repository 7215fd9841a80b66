import { partitionOf } from './partition-of';

/** A partition lease as stored in KV (`p.<n>`): who owns it and until when. Empty owner = released. */
export interface PartitionLease {
  owner: string;
  expiresAt: number;
}

export interface LeaseView {
  lease: PartitionLease | undefined;
  revision: number;
}

/** What one instance should do this heartbeat. */
export interface LeasePlan {
  renew: number[];
  claim: number[];
  release: number[];
}

/**
 * Decides, from the leases and live members everyone can read, which partitions this instance
 * renews, claims and gives up. Fair share = ceil(partitions / live members). A partition is free
 * when it has no lease, was released, or its lease expired. An instance above its share gives up
 * the excess only when some other live member is below its share, so two instances converge to
 * an even split without thrashing. Claims start at a per-instance offset to reduce contention.
 */
export function planLeases(me: string, now: number, leases: readonly LeaseView[], liveMembers: ReadonlySet<string>): LeasePlan {
  const partitions = leases.length;
  const members = new Set(liveMembers).add(me);
  const share = Math.ceil(partitions / members.size);
  const owned = new Map<string, number>();
  const mine: number[] = [];
  const free: number[] = [];
  leases.forEach((view, p) => {
    const l = view.lease;
    if (!l || l.owner === '' || l.expiresAt <= now) {
      if (l?.owner === me) mine.push(p);
      else free.push(p);
      return;
    }
    if (l.owner === me) mine.push(p);
    owned.set(l.owner, (owned.get(l.owner) ?? 0) + 1);
  });
  const someoneShort = [...members].some((m) => m !== me && (owned.get(m) ?? 0) < Math.floor(partitions / members.size));
  const excess = mine.length > share && someoneShort ? mine.length - share : 0;
  const release = excess > 0 ? [...mine].sort((a, b) => b - a).slice(0, excess) : [];
  const renew = mine.filter((p) => !release.includes(p));
  const room = Math.max(0, share - renew.length);
  const start = partitionOf(hashString(me), Math.max(1, partitions));
  const claim = [...free].sort((a, b) => ((a - start + partitions) % partitions) - ((b - start + partitions) % partitions)).slice(0, room);
  return { renew, claim, release };
}

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h >>> 0 || 1;
}
