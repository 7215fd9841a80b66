import { Contracts, type ConId } from '@arctrigger/contracts';
import type { Bus } from '../bus/bus';
import type { Clock, TimerHandle } from '../clock/clock';

const BATCH = 1000;

/**
 * A subscriber's market-data leases at the gateway (`gw.md.lease.v1` / `gw.md.release.v1`): say
 * which contracts you want, and `beat()` acquires the new ones, renews all at a third of the TTL
 * and releases the dropped ones, in batches. A gateway that is not answering (NO_RESPONDERS,
 * TIMEOUT) is not an error: whatever was not done is asked again on the next beat. Call `beat()`
 * from your own heartbeat, or `start()` to beat on the injected clock.
 */
export class MarketDataLeases {
  private readonly wanted = new Set<number>();
  private readonly pending = new Set<number>();
  private readonly toRelease = new Set<number>();
  private lastRenewal = Number.NEGATIVE_INFINITY;
  private busy = false;
  /** A beat was asked for while one was in flight: run another right after it. */
  private again = false;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly subscriberId: string,
    private readonly ttlMs: number,
  ) {}

  get count(): number {
    return this.wanted.size;
  }

  held(): number[] {
    return [...this.wanted];
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

  /**
   * Acquires new leases, renews all at a third of the TTL, releases dropped ones. Never throws. A
   * call while a beat is in flight makes that beat run once more, so no want waits for the renewal.
   */
  async beat(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
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
    if (this.again) {
      this.again = false;
      await this.beat();
    }
  }

  /** Beats every third of the TTL on the clock until `stop()`. */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.timer = this.clock.setTimer(Math.floor(this.ttlMs / 3), () => void this.beat().finally(tick));
    };
    tick();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private async send(kind: 'acquire' | 'release', conIds: number[]): Promise<boolean> {
    for (let i = 0; i < conIds.length; i += BATCH) {
      const batch = conIds.slice(i, i + BATCH) as ConId[];
      const reply =
        kind === 'acquire'
          ? await this.bus.request(Contracts.AcquireMarketDataLease, { subscriberId: this.subscriberId, conIds: batch, ttlMs: this.ttlMs })
          : await this.bus.request(Contracts.ReleaseMarketDataLease, { subscriberId: this.subscriberId, conIds: batch });
      if (!reply.ok) {
        this.bus.logger.debug({ code: reply.code, kind }, 'market-data lease request not answered; retrying next beat');
        return false;
      }
      if (kind === 'acquire') for (const c of batch) this.pending.delete(c);
    }
    return true;
  }
}
