import { z } from 'zod';
import { ConId } from '@arctrigger/contracts';
import type { Logger, TypedKv } from '@arctrigger/service-kit';
import type { SubscriberLeases } from './lease-book';

/** KV bucket `gateway` key of the market-data leases. */
export const MARKET_DATA_LEASES_KEY = 'md-leases';

/**
 * Every market-data lease the gateway holds, by subscriber — one compact record, rewritten when a
 * lease is added, released or expires, never on a renewal (lessees renew every few seconds).
 */
export const MarketDataLeasesRecord = z.object({
  subscribers: z.array(z.object({ subscriberId: z.string().min(1).max(128), ttlMs: z.number().int().positive(), conIds: z.array(ConId) })),
  at: z.number().int().nonnegative(),
});
export type MarketDataLeasesRecord = z.infer<typeof MarketDataLeasesRecord>;

/**
 * Keeps the lease book in KV so a restarted gateway subscribes every leased contract again the
 * moment TWS is back, instead of waiting up to a third of a TTL for each lessee's next renewal.
 * Writes go one at a time; changes made while one is in flight are coalesced into the next, which
 * reads the book as it is then. A failed write is logged and left to the next change: the leases
 * still live in memory and in the lessees' renewals.
 */
export class LeaseJournal {
  private inFlight: Promise<void> = Promise.resolve();
  /** A write not yet started: a change made now is in it. */
  private queued: Promise<void> | undefined;
  writes = 0;

  constructor(
    private readonly kv: TypedKv<typeof MarketDataLeasesRecord>,
    private readonly book: () => SubscriberLeases[],
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** The leases stored by the previous run (none on a first start or an unreadable record). */
  async restore(): Promise<SubscriberLeases[]> {
    try {
      return (await this.kv.get(MARKET_DATA_LEASES_KEY))?.value.subscribers ?? [];
    } catch (error) {
      this.logger.warn({ err: error }, 'stored market-data leases unreadable: lessees renew them');
      return [];
    }
  }

  /** The book changed: resolves once a write that includes the change is done (stored or logged). */
  changed(): Promise<void> {
    if (this.queued) return this.queued;
    const write = this.inFlight.then(async () => {
      this.queued = undefined;
      await this.write();
    });
    this.queued = write;
    this.inFlight = write;
    return write;
  }

  /** Resolves when every change made so far is written. */
  settled(): Promise<void> {
    return this.inFlight;
  }

  private async write(): Promise<void> {
    try {
      await this.kv.put(MARKET_DATA_LEASES_KEY, { subscribers: this.book(), at: this.now() });
      this.writes++;
    } catch (error) {
      this.logger.warn({ err: error }, 'market-data leases not stored; the next change tries again');
    }
  }
}
