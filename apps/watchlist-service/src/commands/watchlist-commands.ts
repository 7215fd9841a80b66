import {
  type Contracts,
  fail,
  MAX_WATCHLIST_ENTRIES,
  ok,
  WatchlistErrorCode,
  type CodesOf,
  type EntryResolution,
  type PutWatchlistEntryCommand,
  type RemoveWatchlistEntryCommand,
  type Reply,
  type Watchlist,
  type WatchlistEntry,
  type WatchlistOwner,
} from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import { failedResolution, resolveEntry, type ResolverDeps } from '../resolution/entry-resolver';
import type { WatchlistStore } from '../store/watchlist-store';

type PutCode = CodesOf<typeof Contracts.PutWatchlistEntry>;
type RemoveCode = CodesOf<typeof Contracts.RemoveWatchlistEntry>;
type ResolveListCode = CodesOf<typeof Contracts.ResolveWatchlist>;

/**
 * Put, remove, get and resolve. A put resolves its entry before anything is stored, so a bad
 * symbol, expiry or strike is refused with the arm's code and the list stays as it was. A
 * resolution of a whole list writes each entry's outcome — a failure too — onto the entries that
 * are still there with the same spec.
 */
export class WatchlistCommands {
  constructor(
    private readonly store: WatchlistStore,
    private readonly resolver: ResolverDeps,
    private readonly clock: Clock,
    private readonly nextResolveAt: () => number | null,
    /** Called after every stored change, to hold the quote leases the lists need. */
    private readonly onChanged: () => Promise<void>,
  ) {}

  async get(owner: WatchlistOwner): Promise<Reply<Watchlist, never>> {
    return ok(this.answer(await this.store.get(owner)));
  }

  async put({ owner, entry: spec }: PutWatchlistEntryCommand): Promise<Reply<Watchlist, PutCode>> {
    const current = await this.store.get(owner);
    const replacing = current.entries.some((e) => e.spec.symbol === spec.symbol);
    if (!replacing && current.entries.length >= MAX_WATCHLIST_ENTRIES) {
      return fail(WatchlistErrorCode.WATCHLIST_FULL, `the watch list holds ${MAX_WATCHLIST_ENTRIES} underlyings at most; remove one first`);
    }
    const resolution = await resolveEntry(this.resolver, spec);
    if (!resolution.ok) return resolution;
    const entry: WatchlistEntry = { spec, addedAt: this.clock.now(), resolution: resolution.value };
    const stored = await this.store.change<'WATCHLIST_FULL'>(owner, (list) => {
      const others = list.entries.filter((e) => e.spec.symbol !== spec.symbol);
      if (others.length >= MAX_WATCHLIST_ENTRIES) return fail(WatchlistErrorCode.WATCHLIST_FULL, `the watch list holds ${MAX_WATCHLIST_ENTRIES} underlyings at most`);
      return ok({ ...list, entries: [...others, entry].sort(bySymbol), updatedAt: this.clock.now() });
    });
    return this.after(stored);
  }

  async remove({ owner, symbol }: RemoveWatchlistEntryCommand): Promise<Reply<Watchlist, RemoveCode>> {
    const stored = await this.store.change<'NOT_FOUND'>(owner, (list) => {
      if (!list.entries.some((e) => e.spec.symbol === symbol)) return fail(WatchlistErrorCode.NOT_FOUND, `${symbol} is not on the watch list`);
      return ok({ ...list, entries: list.entries.filter((e) => e.spec.symbol !== symbol), updatedAt: this.clock.now() });
    });
    return this.after(stored);
  }

  /** Resolves the entries of one list (all, or those `which` picks) and stores each outcome. */
  async resolve(owner: WatchlistOwner, which: (e: WatchlistEntry) => boolean = () => true): Promise<Reply<Watchlist, ResolveListCode>> {
    const list = await this.store.get(owner);
    const outcomes = new Map<string, { spec: string; resolution: EntryResolution }>();
    for (const entry of list.entries.filter(which)) {
      const reply = await resolveEntry(this.resolver, entry.spec);
      const resolution = reply.ok ? reply.value : failedResolution(entry.resolution, reply, this.clock.now());
      outcomes.set(entry.spec.symbol, { spec: JSON.stringify(entry.spec), resolution });
    }
    if (outcomes.size === 0) return ok(this.answer(list));
    const stored = await this.store.change(owner, (current) => {
      const entries = current.entries.map((e) => {
        const outcome = outcomes.get(e.spec.symbol);
        return outcome && outcome.spec === JSON.stringify(e.spec) ? { ...e, resolution: outcome.resolution } : e;
      });
      return ok({ ...current, entries, updatedAt: this.clock.now() });
    });
    return this.after(stored);
  }

  private async after<C extends string>(stored: Reply<Watchlist, C>): Promise<Reply<Watchlist, C>> {
    if (!stored.ok) return stored;
    await this.onChanged();
    return ok(this.answer(stored.value));
  }

  private answer(list: Watchlist): Watchlist {
    return { ...list, nextResolveAt: this.nextResolveAt() };
  }
}

function bySymbol(a: WatchlistEntry, b: WatchlistEntry): number {
  return a.spec.symbol < b.spec.symbol ? -1 : a.spec.symbol > b.spec.symbol ? 1 : 0;
}
