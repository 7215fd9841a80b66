import { Contracts, type ConId } from '@arctrigger/contracts';
import type { Bus, Clock } from '@arctrigger/service-kit';
import type { Logger } from 'pino';

const BATCH = 1000;

/**
 * Market-data leases at the gateway follow partition ownership: the instance asks for every
 * instrument it evaluates (subscriberId = its instance id), renews them well before the TTL, and
 * releases them when it stops evaluating an instrument. A gateway that is not there (NO_RESPONDERS,
 * TIMEOUT) is not an error: the request is repeated on the next heartbeat.
 */
export class MarketDataLeases {
  private readonly wanted = new Set<number>();
  private readonly pending = new Set<number>();
  private readonly toRelease = new Set<number>();
  private lastRenewal = Number.NEGATIVE_INFINITY;
  private busy = false;

  constructor(
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly subscriberId: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  get count(): number {
    return this.wanted.size;
  }

  want(conId: number): void {
    if (this.wanted.has(conId)) return;
    this.wanted.add(conId);
    this.pending.add(conId);
    this.toRelease.delete(conId);
  }

  unwant(conId: number): void {
    if (!this.wanted.delete(conId)) return;
    this.pending.delete(conId);
    this.toRelease.add(conId);
  }

  /** Acquires new leases, renews all at a third of the TTL, releases dropped ones. Never throws. */
  async beat(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = this.clock.now();
      const renewAll = now - this.lastRenewal >= this.ttlMs / 3;
      const acquire = renewAll ? [...this.wanted] : [...this.pending];
      if (acquire.length > 0 && (await this.send('acquire', acquire)) && renewAll) this.lastRenewal = now;
      if (this.toRelease.size > 0) {
        const release = [...this.toRelease];
        if (await this.send('release', release)) for (const c of release) this.toRelease.delete(c);
      }
    } finally {
      this.busy = false;
    }
  }

  private async send(kind: 'acquire' | 'release', conIds: number[]): Promise<boolean> {
    for (let i = 0; i < conIds.length; i += BATCH) {
      const batch = conIds.slice(i, i + BATCH) as ConId[];
      const reply =
        kind === 'acquire'
          ? await this.bus.request(Contracts.AcquireMarketDataLease, { subscriberId: this.subscriberId, conIds: batch, ttlMs: this.ttlMs })
          : await this.bus.request(Contracts.ReleaseMarketDataLease, { subscriberId: this.subscriberId, conIds: batch });
      if (!reply.ok) {
        this.logger.debug({ code: reply.code, kind }, 'market-data lease request not answered; retrying next heartbeat');
        return false;
      }
      if (kind === 'acquire') for (const c of batch) this.pending.delete(c);
    }
    return true;
  }
}
