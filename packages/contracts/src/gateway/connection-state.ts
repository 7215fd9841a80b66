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

/** The gateway's connection to TWS / IB Gateway. `firingAllowed` is false while connectivity is lost (1100). */
export const ConnectionState = z.object({
  status: enumOf(ConnectionStatus),
  reason: z.string(),
  code: z.number().int().nullable(),
  account: z.string().nullable(),
  clientId: z.number().int().nonnegative(),
  serverVersion: z.number().int().nullable(),
  firingAllowed: z.boolean(),
  at: EpochMs,
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
