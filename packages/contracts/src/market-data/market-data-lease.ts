import { z } from 'zod';
import type { ErrorTable } from '../core/error-codes';
import { ConId } from '../core/ids';
import { EpochMs } from '../core/common';

/**
 * A subscriber asks the gateway for market data by lease: the gateway holds one TWS subscription
 * per contract however many subscribers; a lease not renewed within `ttlMs` expires, so a crashed
 * subscriber never leaks market-data lines.
 */
export const AcquireMarketDataLease = z.object({
  subscriberId: z.string().min(1).max(128),
  conIds: z.array(ConId).min(1).max(1000),
  ttlMs: z.number().int().min(1000).max(600_000),
});
export type AcquireMarketDataLease = z.infer<typeof AcquireMarketDataLease>;

export const MarketDataLeaseGranted = z.object({
  leases: z.array(z.object({ conId: ConId, expiresAt: EpochMs })),
});
export type MarketDataLeaseGranted = z.infer<typeof MarketDataLeaseGranted>;

export const ReleaseMarketDataLease = z.object({
  subscriberId: z.string().min(1).max(128),
  conIds: z.array(ConId).min(1).max(1000),
});
export type ReleaseMarketDataLease = z.infer<typeof ReleaseMarketDataLease>;

export const MarketDataLeaseReleased = z.object({ released: z.array(ConId) });

/** Latest known quote for a contract, as held by the gateway (error NO_QUOTE before its first tick). */
export const QuoteSnapshotRequest = z.object({ conId: ConId });

/** What the gateway answers a quote snapshot with when it holds none (besides the bus's own). */
export const QuoteErrors = {
  NO_QUOTE: { http: 404, meaning: 'No quote yet for the contract: hold a market-data lease and ask again after its first tick.', retryable: true },
} as const satisfies ErrorTable;
