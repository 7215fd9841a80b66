import { z } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';

/** watchlist-service configuration (environment). */
export const WatchlistServiceConfig = BaseServiceConfig.extend({
  /** Every watch list is resolved again at this US/Eastern time on each trading day (before the 09:30 open). */
  WATCHLIST_RESOLVE_AT_ET: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h, US/Eastern)').default('09:00'),
  /** Entries whose last resolution failed for a passing reason (TWS disconnected, a time-out) are tried again this often. */
  WATCHLIST_RETRY_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** How long a resolution waits for the underlying's first quote (to centre `ATM ± n`). */
  WATCHLIST_QUOTE_WAIT_MS: z.coerce.number().int().min(100).max(30_000).default(3_000),
  /** Market-data lease TTL asked from the gateway for the listed contracts; renewed at a third of it. */
  WATCHLIST_MD_LEASE_TTL_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
});
export type WatchlistServiceConfig = z.infer<typeof WatchlistServiceConfig>;
