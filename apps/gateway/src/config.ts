import type { z } from 'zod';
import { z as zod } from 'zod';
import { BaseServiceConfig, envBoolean } from '@arctrigger/service-kit';

/** gateway configuration (environment). */
export const GatewayConfig = BaseServiceConfig.extend({
  TWS_HOST: zod.string().min(1).default('127.0.0.1'),
  /** 7497 = TWS paper (default), 7496 = TWS live, 4002 / 4001 = IB Gateway paper / live. */
  TWS_PORT: zod.coerce.number().int().min(1).max(65_535).default(7497),
  /** Fixed client id: orders belong to the client id that placed them. */
  TWS_CLIENT_ID: zod.coerce.number().int().min(0).max(2_147_483_647).default(7),
  /** On 326 (client id in use) try this many following client ids before giving up. */
  TWS_CLIENT_ID_FALLBACKS: zod.coerce.number().int().min(0).max(20).default(3),
  /** A connection that has not completed the handshake (nextValidId) by then is dropped and retried. */
  TWS_CONNECT_TIMEOUT_MS: zod.coerce.number().int().min(500).max(120_000).default(10_000),
  /** Refuse a live (non-DU) account unless explicitly allowed. */
  ARCTRIGGER_ALLOW_LIVE: envBoolean.default(false),
  RECONNECT_INITIAL_MS: zod.coerce.number().int().min(10).max(60_000).default(500),
  RECONNECT_MAX_MS: zod.coerce.number().int().min(100).max(600_000).default(30_000),
  RECONNECT_JITTER: zod.coerce.number().min(0).max(1).default(0.5),
  /** Messages per second to TWS (IB allows 50 across every message type). */
  PACING_RATE_PER_SEC: zod.coerce.number().int().min(1).max(50).default(40),
  PACING_BURST: zod.coerce.number().int().min(1).max(50).default(5),
  LOOKUP_CACHE_TTL_MS: zod.coerce.number().int().min(0).max(86_400_000).default(300_000),
  LOOKUP_TIMEOUT_MS: zod.coerce.number().int().min(100).max(60_000).default(8_000),
  /** How long a place / modify / cancel waits for TWS to acknowledge before answering "unknown". */
  ORDER_ACK_TIMEOUT_MS: zod.coerce.number().int().min(100).max(60_000).default(5_000),
  /**
   * How long an order placed on approval (PlaceOrder v2) waits to hear the decision of its risk
   * check; none heard → refused, retryable (the order-service then places with v1 on its own answer).
   * At most 5 s: well inside the place request's 10 s, so the sender never gives up on a placement
   * that is still waiting.
   */
  RISK_DECISION_WAIT_MS: zod.coerce.number().int().min(50).max(5_000).default(1_000),
  /**
   * An order left `unknown` (no acknowledgement in time) that no late callback settles is looked
   * for at the broker this long after, by a reconciliation, instead of waiting for a reconnect.
   */
  UNKNOWN_RECONCILE_MS: zod.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Placement records of finished orders (rejected, not found, accepted DAY) older than this are deleted, at start and daily. */
  PLACEMENT_RETENTION_DAYS: zod.coerce.number().int().min(1).max(3_650).default(7),
  /**
   * How often the connection state is re-announced (late subscribers learn it; consumers call it
   * unknown after 3 missed announcements). Default: HEARTBEAT_INTERVAL_MS.
   */
  CONNECTION_STATE_INTERVAL_MS: zod.coerce.number().int().min(100).max(600_000).optional(),
  /** Seed for reconnect jitter (deterministic tests); random when absent. */
  GATEWAY_RANDOM_SEED: zod.coerce.number().int().optional(),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;
