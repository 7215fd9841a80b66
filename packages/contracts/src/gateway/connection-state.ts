import { z } from 'zod';
import { EpochMs } from '../core/common';
import { enumOf } from '../core/enums';

export const ConnectionStatus = {
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  DEGRADED: 'degraded',
  DISCONNECTED: 'disconnected',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/**
 * Announcements a consumer may miss before it stops believing the last one: with no announcement
 * for this many `announceIntervalMs`, the gateway's connection is unknown (the gateway may be dead).
 */
export const CONNECTION_STATE_MISSED_ANNOUNCEMENTS = 3;

/**
 * The gateway's connection to TWS / IB Gateway. `firingAllowed` is false while connectivity is lost
 * (1100). The gateway announces it on every change and again every `announceIntervalMs`, so its
 * silence means something: see CONNECTION_STATE_MISSED_ANNOUNCEMENTS.
 */
export const ConnectionState = z.object({
  status: enumOf(ConnectionStatus),
  reason: z.string(),
  code: z.number().int().nullable(),
  account: z.string().nullable(),
  clientId: z.number().int().nonnegative(),
  serverVersion: z.number().int().nullable(),
  firingAllowed: z.boolean(),
  /** When the status last changed. */
  at: EpochMs,
  /** When this announcement was made (the gateway's clock); absent from gateways older than the field. */
  announcedAt: EpochMs.optional(),
  /** How often the gateway re-announces an unchanged state; absent from gateways older than the field (they did every 5 s). */
  announceIntervalMs: z.number().int().positive().optional(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

/** A market-data farm's health (2103/2104/2105/2106/2157/2158). Stale feeds must not fire triggers. */
export const FeedState = z.object({
  feed: z.string().min(1),
  stale: z.boolean(),
  code: z.number().int(),
  message: z.string(),
  at: EpochMs,
});
export type FeedState = z.infer<typeof FeedState>;

/** IB messages a user must see: entitlement, competing session, market-data lines (101, 354, 10167, 10197). */
export const BrokerNotice = z.object({
  code: z.number().int(),
  message: z.string(),
  reqId: z.number().int().nullable(),
  at: EpochMs,
});
export type BrokerNotice = z.infer<typeof BrokerNotice>;
