import { Contracts, type MarketTick } from '@arctrigger/contracts';
import { MarketDataLeases, type Bus, type Clock } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';

/**
 * Keeps market data flowing for held contracts: one tick subscription per contract, and a lease at
 * the gateway (the platform's MarketDataLeases, renewed on the clock; a gateway that is not there
 * yet is asked again at the next renewal).
 */
export class HeldMarketData {
  private readonly subscriptions = new Map<number, Subscription>();
  private readonly leases: MarketDataLeases;

  constructor(
    private readonly bus: Bus,
    clock: Clock,
    subscriberId: string,
    ttlMs: number,
    private readonly onTick: (tick: MarketTick) => void,
  ) {
    this.leases = new MarketDataLeases(bus, clock, subscriberId, ttlMs);
  }

  /** Makes the held set exactly `conIds`: subscribes and leases new ones, releases the rest. */
  async hold(conIds: ReadonlySet<number>): Promise<void> {
    for (const conId of conIds) {
      if (this.subscriptions.has(conId)) continue;
      this.subscriptions.set(conId, this.bus.subscribe(Contracts.MarketTick, (tick) => this.onTick(tick), { params: { conId }, trace: false }));
      this.leases.want(conId);
    }
    for (const conId of [...this.subscriptions.keys()].filter((c) => !conIds.has(c))) {
      this.subscriptions.get(conId)?.unsubscribe();
      this.subscriptions.delete(conId);
      this.leases.unwant(conId);
    }
    await this.leases.beat();
    this.leases.start();
  }

  held(): number[] {
    return [...this.subscriptions.keys()];
  }

  stop(): void {
    this.leases.stop();
    for (const s of this.subscriptions.values()) s.unsubscribe();
    this.subscriptions.clear();
  }
}
