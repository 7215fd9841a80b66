import { Contracts, type MarketTick } from '@arctrigger/contracts';
import type { Bus, Clock, TimerHandle } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';

/**
 * Keeps market data flowing for held contracts: one tick subscription per contract and a lease at
 * the gateway, renewed at half its TTL. A gateway that is not there yet (NO_RESPONDERS) is not an
 * error: the next renewal asks again, and ticks are taken whenever they come.
 */
export class MarketDataLeases {
  private readonly subscriptions = new Map<number, Subscription>();
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly subscriberId: string,
    private readonly ttlMs: number,
    private readonly onTick: (tick: MarketTick) => void,
  ) {}

  /** Makes the held set exactly `conIds`: subscribes and leases new ones, releases the rest. */
  async hold(conIds: ReadonlySet<number>): Promise<void> {
    const added: number[] = [];
    for (const conId of conIds) {
      if (this.subscriptions.has(conId)) continue;
      this.subscriptions.set(conId, this.bus.subscribe(Contracts.MarketTick, (tick) => this.onTick(tick), { params: { conId }, trace: false }));
      added.push(conId);
    }
    const removed = [...this.subscriptions.keys()].filter((c) => !conIds.has(c));
    for (const conId of removed) {
      this.subscriptions.get(conId)?.unsubscribe();
      this.subscriptions.delete(conId);
    }
    if (added.length > 0) await this.acquire(added);
    if (removed.length > 0) {
      await this.bus.request(Contracts.ReleaseMarketDataLease, { subscriberId: this.subscriberId, conIds: removed });
    }
    this.schedule();
  }

  held(): number[] {
    return [...this.subscriptions.keys()];
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    for (const s of this.subscriptions.values()) s.unsubscribe();
    this.subscriptions.clear();
  }

  private async acquire(conIds: number[]): Promise<void> {
    const reply = await this.bus.request(Contracts.AcquireMarketDataLease, { subscriberId: this.subscriberId, conIds: conIds, ttlMs: this.ttlMs });
    if (!reply.ok) this.bus.logger.debug({ code: reply.code, conIds }, 'market-data lease not granted yet; will retry at renewal');
  }

  private schedule(): void {
    if (this.timer || this.stopped || this.subscriptions.size === 0) return;
    this.timer = this.clock.setTimer(this.ttlMs / 2, () => {
      this.timer = undefined;
      const held = this.held();
      if (held.length === 0 || this.stopped) return;
      void this.acquire(held).finally(() => this.schedule());
    });
  }
}
