/**
 * JetStream streams and KV buckets: the system of record. Each stream's subjects are derived from
 * the catalogue's `stream` field; services ensure them at start (idempotently).
 */
export interface StreamSpec {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly description: string;
  /** Max age in ms (0 = forever). */
  readonly maxAgeMs: number;
  /** Window for Nats-Msg-Id de-duplication. */
  readonly duplicateWindowMs: number;
}

const DAY = 24 * 60 * 60 * 1000;

export const Streams = {
  TRADES: { name: 'TRADES', subjects: ['trade.evt.v1.>'], description: 'Trade transitions: the audit log', maxAgeMs: 0, duplicateWindowMs: 2 * 60_000 },
  TRIGGER_EVENTS: { name: 'TRIGGER_EVENTS', subjects: ['trg.evt.v1.>'], description: 'Trigger lifecycle and fired events', maxAgeMs: 30 * DAY, duplicateWindowMs: 10 * 60_000 },
  BROKER_ORDERS: { name: 'BROKER_ORDERS', subjects: ['gw.order.evt.v1.>'], description: 'Canonical broker order events', maxAgeMs: 30 * DAY, duplicateWindowMs: 2 * 60_000 },
  EXECUTIONS: { name: 'EXECUTIONS', subjects: ['gw.exec.v1.>', 'gw.commission.v1.>'], description: 'Fills and commissions (Nats-Msg-Id = execId)', maxAgeMs: 0, duplicateWindowMs: DAY },
  RISK_EVENTS: { name: 'RISK_EVENTS', subjects: ['risk.evt.>'], description: 'Trading-state changes and limit audits', maxAgeMs: 0, duplicateWindowMs: 2 * 60_000 },
  // A fire path with no storage write in series (issue 25): the risk decisions are the log the
  // risk book is rebuilt from after a crash (the book's KV snapshot is written behind them).
  RISK_DECISIONS: { name: 'RISK_DECISIONS', subjects: ['risk.decision.v1.>'], description: 'Every published risk decision: the log the risk book is rebuilt from after its snapshot', maxAgeMs: 2 * DAY, duplicateWindowMs: 2 * 60_000 },
  ALERTS: { name: 'ALERTS', subjects: ['sys.alert.v1.>'], description: 'Alerts for people (console, CLI, webhooks)', maxAgeMs: 30 * DAY, duplicateWindowMs: 10 * 60_000 },
  AUDIT: { name: 'AUDIT', subjects: ['audit.evt.v1.>'], description: 'Invariant violations found by the auditor, with the repair taken', maxAgeMs: 90 * DAY, duplicateWindowMs: 10 * 60_000 },
  DEAD_LETTERS: { name: 'DEAD_LETTERS', subjects: ['dlq.v1.>'], description: 'Parked invalid or failed events', maxAgeMs: 7 * DAY, duplicateWindowMs: 60_000 },
} as const satisfies Record<string, StreamSpec>;

export interface KvBucketSpec {
  readonly name: string;
  readonly description: string;
  readonly history: number;
  /** Per-entry TTL in ms (0 = none). */
  readonly ttlMs: number;
}

export const KvBuckets = {
  TRIGGERS: { name: 'triggers', description: 'Armed triggers (trigger-service)', history: 1, ttlMs: 0 },
  TRIGGER_LEASES: { name: 'trigger-leases', description: 'Partition ownership leases', history: 1, ttlMs: 0 },
  TRADES: { name: 'trades', description: 'Trade projections (order-service)', history: 1, ttlMs: 0 },
  // Restarts that do not grow with history (issue 25): the working set as of a TRADES sequence.
  TRADE_SNAPSHOTS: { name: 'trade-snapshots', description: "The order-service's working set as of a TRADES sequence (start = snapshot + tail)", history: 1, ttlMs: 0 },
  TRADING_STATE: { name: 'trading-state', description: 'ACTIVE / REDUCING / HALTED', history: 10, ttlMs: 0 },
  RISK: { name: 'risk', description: 'Limits, counters, reservations', history: 5, ttlMs: 0 },
  GATEWAY: { name: 'gateway', description: 'Order-id high-water, placements, last exec seen', history: 1, ttlMs: 0 },
  IDEMPOTENCY: { name: 'idempotency', description: 'First answers to idempotent commands', history: 1, ttlMs: DAY },
  CONSOLE_TOKENS: { name: 'console-tokens', description: 'Console API tokens (hashed secrets, roles)', history: 1, ttlMs: 0 },
  AUDITOR: { name: 'auditor', description: 'Invariant violations and external positions, acted on once (auditor)', history: 1, ttlMs: 0 },
  WATCHLISTS: { name: 'watchlists', description: "Traders' watch lists with their last resolution (watchlist-service)", history: 1, ttlMs: 0 },
  // Operations (issue 23): which alert went to which webhook, so each is delivered once per window.
  ALERT_DELIVERIES: { name: 'alert-deliveries', description: 'Alerts delivered per webhook, once per dedup key and window (console)', history: 1, ttlMs: DAY },
} as const satisfies Record<string, KvBucketSpec>;
