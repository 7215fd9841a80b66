import { z } from 'zod';
import { BaseServiceConfig, envBoolean } from '@arctrigger/service-kit';

const money = z.coerce.number().positive();
const count = z.coerce.number().int().positive();
const symbols = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
  .pipe(z.array(z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'expected upper-case tickers separated by commas')));

/**
 * risk-service configuration (environment). The `RISK_*` limit values seed the limits record in KV
 * the first time the service starts on an empty bucket; afterwards the versioned record in KV wins and
 * limits change only over the bus (`risk.cmd.limits.v1`).
 */
export const RiskServiceConfig = BaseServiceConfig.extend({
  RISK_MAX_CONTRACTS_PER_ORDER: count.default(10),
  RISK_MAX_NOTIONAL_PER_ORDER: money.default(5_000),
  RISK_MAX_NOTIONAL_PER_UNDERLYING: money.default(10_000),
  RISK_MAX_NOTIONAL_PER_DAY: money.default(25_000),
  RISK_MAX_OPEN_POSITIONS: count.default(10),
  RISK_MAX_ORDERS_PER_MINUTE: count.default(30),
  RISK_DAILY_REALIZED_LOSS_LIMIT: money.default(1_000),
  RISK_DAILY_TOTAL_LOSS_LIMIT: money.default(1_500),
  /** DAILY_LOSS_NEAR_LIMIT is raised once a day's loss reaches this percent of a loss limit. */
  RISK_LOSS_WARNING_PERCENT: z.coerce.number().min(1).max(100).default(80),
  RISK_MAX_LIMIT_ABOVE_ASK_PERCENT: z.coerce.number().min(0).max(100).default(10),
  RISK_ALLOW_OPTIONS_OUTSIDE_RTH: envBoolean.default(false),
  /** Comma-separated allow-list of underlyings; empty = every underlying allowed. */
  RISK_ALLOWED_UNDERLYINGS: symbols.default([]),
  /** An approval's reservation is released automatically after this long. */
  RISK_RESERVATION_TTL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(120_000),
  /** The risk day (daily notional, daily P&L) starts at this US/Eastern wall-clock time. */
  RISK_DAY_ROLL_ET: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h, US/Eastern)').default('00:00'),
  /** A position's quote older than this is flagged stale. */
  RISK_QUOTE_STALE_MS: z.coerce.number().int().min(100).default(15_000),
  /** A position differing from the broker's snapshot is looked at again after this long before it is reported. */
  RISK_POSITION_RECHECK_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /**
   * How long the decider lease lasts (one instance decides on the risk book at a time; it renews
   * every third of this). A standby takes over this long after the holder died at most.
   */
  RISK_DECIDER_LEASE_MS: z.coerce.number().int().min(300).max(60_000).default(3_000),
  /**
   * The risk book's snapshot in KV is written behind the decisions, gathering the changes of this
   * long into one write (0 = one write in flight at a time). A crash loses nothing either way: the
   * book is rebuilt from the snapshot plus the decisions logged after it.
   */
  RISK_BOOK_WRITE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(100),
  /** Market-data lease TTL asked from the gateway; renewed at half of it. */
  RISK_MD_LEASE_TTL_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
});
export type RiskServiceConfig = z.infer<typeof RiskServiceConfig>;
