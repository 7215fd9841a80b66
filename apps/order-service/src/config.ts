import type { z } from 'zod';
import { z as zod } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';

const ms = (def: number, min = 1, max = 3_600_000) => zod.coerce.number().int().min(min).max(max).default(def);

/** order-service configuration (environment). */
export const OrderServiceConfig = BaseServiceConfig.extend({
  /** Default unfilled-entry policy: reprice one tick up after N seconds, up to K times, then cancel. */
  REPRICE_AFTER_SECONDS: zod.coerce.number().int().min(1).max(3600).default(10),
  REPRICE_MAX_STEPS: zod.coerce.number().int().min(0).max(20).default(3),
  REPRICE_CANCEL_AFTER_LAST: zod.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** A quote older than this is never priced on. */
  QUOTE_MAX_AGE_MS: ms(3_000),
  /** A bid/ask spread wider than this percentage of the mid is refused. */
  MAX_SPREAD_PCT: zod.coerce.number().positive().max(1000).default(30),
  /** How long a fired entry waits for a usable option quote before failing. */
  QUOTE_WAIT_TIMEOUT_MS: ms(2_000),
  /** `ask` premarket policy: no decision within this time cancels the trade. */
  PREMARKET_ASK_TIMEOUT_MS: ms(5 * 60_000),
  /** Risk check wait; no answer in time is a deny (fail closed). */
  RISK_TIMEOUT_MS: ms(1_500, 50, 10_000),
  /** A fired entry whose risk check found no risk-service asks again (same checkId) for up to this long after pricing, then is rejected. */
  RISK_WAIT_MS: ms(30_000, 0, 120_000),
  /** A filled position must have its stop armed within this time of the first fill. */
  PROTECTION_DEADLINE_MS: ms(1_000, 50, 60_000),
  /** How often the working set is snapshotted (a start replays only the TRADES messages after the last snapshot). */
  TRADE_SNAPSHOT_INTERVAL_MS: ms(60_000, 100),
  /** Market-data lease time-to-live for option quotes; renewed at a third of it. */
  QUOTE_LEASE_TTL_MS: ms(60_000, 1_000, 600_000),
  /** Retry interval for unresolved placements (SUBMIT_UNKNOWN) — the same orderRef, idempotent at the gateway. */
  UNKNOWN_RETRY_MS: ms(2_000),
});
export type OrderServiceConfig = z.infer<typeof OrderServiceConfig>;
