import { fail, KvBuckets, ok, Watchlist, WatchlistErrorCode, type Reply, type WatchlistOwner } from '@arctrigger/contracts';
import { TypedKv, type Bus } from '@arctrigger/service-kit';

const MAX_CAS_ATTEMPTS = 5;

/** The KV key of a trader's list: names may hold `@`, which a KV key may not. */
export function keyOf(owner: WatchlistOwner): string {
  return `list.${Buffer.from(owner, 'utf8').toString('hex')}`;
}

/** A change to a list: the new list, or a refusal (with a code of `C`) that leaves it as it was. */
export type ListChange<C extends string> = (current: Watchlist) => Reply<Watchlist, C> | Promise<Reply<Watchlist, C>>;

/**
 * Traders' watch lists in KV `watchlists`, one record per trader. Every change is a
 * compare-and-set on that record, tried again on a conflict, so instances and concurrent requests
 * never lose each other's entries.
 */
export class WatchlistStore {
  private constructor(private readonly kv: TypedKv<typeof Watchlist>) {}

  static async open(bus: Bus): Promise<WatchlistStore> {
    return new WatchlistStore(await TypedKv.open(bus.nc, KvBuckets.WATCHLISTS, Watchlist));
  }

  async get(owner: WatchlistOwner): Promise<Watchlist> {
    return (await this.kv.get(keyOf(owner)))?.value ?? { owner, entries: [], updatedAt: 0, nextResolveAt: null };
  }

  async all(): Promise<Watchlist[]> {
    return (await this.kv.entries('list.>')).map((e) => e.value);
  }

  async change<C extends string = never>(owner: WatchlistOwner, apply: ListChange<C>): Promise<Reply<Watchlist, C | 'CONFLICT'>> {
    const key = keyOf(owner);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const stored = await this.kv.get(key);
      const current = stored?.value ?? { owner, entries: [], updatedAt: 0, nextResolveAt: null };
      const next = await apply(current);
      if (!next.ok) return next;
      const cas = stored ? await this.kv.update(key, next.value, stored.revision) : await this.kv.create(key, next.value);
      if (cas.ok) return ok(next.value);
    }
    return fail(WatchlistErrorCode.CONFLICT, 'the watch list kept changing; try again', { retryable: true });
  }
}
