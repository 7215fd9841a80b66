import type { Subscription } from '@nats-io/transport-node';
import { Contracts } from '@arctrigger/contracts';
import { MarketDataLeases, type Bus, type Clock } from '@arctrigger/service-kit';
import type { HeldQuote, UsableQuote } from '../domain/pricing/quote-check';

/**
 * Option quotes held warm from arm time: one market-data lease and one md.tick subscription per
 * contract (reference-counted across trades), renewed at a third of the lease TTL. A fired entry
 * prices on the quote already held; without a usable one it waits a bounded time for the next tick.
 */
export class QuoteBook {
  private readonly quotes = new Map<number, HeldQuote>();
  private readonly watchers = new Map<number, { count: number; sub: Subscription }>();
  private readonly waiters = new Map<number, Set<() => void>>();
  private readonly leases: MarketDataLeases;

  constructor(
    private readonly bus: Bus,
    private readonly clock: Clock,
    subscriberId: string,
    leaseTtlMs: number,
  ) {
    this.leases = new MarketDataLeases(bus, clock, subscriberId, leaseTtlMs);
  }

  start(): void {
    this.leases.start();
  }

  stop(): void {
    this.leases.stop();
    for (const w of this.watchers.values()) w.sub.unsubscribe();
    this.watchers.clear();
  }

  get(conId: number): HeldQuote | undefined {
    return this.quotes.get(conId);
  }

  /** Starts (or shares) the quote stream for a contract. */
  watch(conId: number): void {
    const held = this.watchers.get(conId);
    if (held) {
      held.count++;
      return;
    }
    const sub = this.bus.subscribe(
      Contracts.MarketTick,
      (tick) => {
        this.quotes.set(conId, { tick, receivedAt: this.clock.now() });
        const ws = this.waiters.get(conId);
        if (ws) for (const w of [...ws]) w();
      },
      { params: { conId }, trace: false },
    );
    this.watchers.set(conId, { count: 1, sub });
    this.leases.want(conId);
    void this.leases.beat();
  }

  unwatch(conId: number): void {
    const held = this.watchers.get(conId);
    if (!held) return;
    if (--held.count > 0) return;
    held.sub.unsubscribe();
    this.watchers.delete(conId);
    this.quotes.delete(conId);
    this.leases.unwant(conId);
    void this.leases.beat();
  }

  /**
   * Resolves with the first usable quote (as `check` judges it) within `timeoutMs`, or with the
   * last refusal. Asks the gateway for a snapshot once when nothing usable is held.
   */
  async waitUsable(conId: number, check: (q: HeldQuote | undefined) => UsableQuote, timeoutMs: number): Promise<UsableQuote> {
    const unusable = this.quotes.get(conId);
    const first = check(unusable);
    if (first.ok) return first;
    const snapshot = await this.bus.request(Contracts.QuoteSnapshot, { conId: conId }, { timeoutMs: Math.min(timeoutMs, 1_000) });
    if (snapshot.ok) {
      // The snapshot replaces the quote that was unusable unless a tick replaced it while the
      // snapshot was on its way. Not by seq: it restarts with every gateway session, so a fresh
      // snapshot can carry a lower one.
      if (this.quotes.get(conId) === unusable) this.quotes.set(conId, { tick: snapshot.value, receivedAt: this.clock.now() });
      const second = check(this.quotes.get(conId));
      if (second.ok) return second;
    }
    return new Promise((resolve) => {
      const set = this.waiters.get(conId) ?? new Set<() => void>();
      this.waiters.set(conId, set);
      const done = (result: UsableQuote) => {
        set.delete(onTick);
        timer.cancel();
        resolve(result);
      };
      const onTick = () => {
        const r = check(this.quotes.get(conId));
        if (r.ok) done(r);
      };
      const timer = this.clock.setTimer(timeoutMs, () => done(check(this.quotes.get(conId))));
      set.add(onTick);
    });
  }
}
