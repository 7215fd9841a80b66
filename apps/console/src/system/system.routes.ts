import { z } from 'zod';
import { EpochMs, FeedState, ServiceHealth, SessionSchema } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';
import { ConnectionReport } from './connection-report';
import { ExpectedServiceView } from './service-roster';

const tag = 'system';

export const HealthView = z.object({
  services: z.array(ServiceHealth),
  /** Every expected service (EXPECTED_SERVICES) with its status — a dead one is listed DOWN, not left out. */
  expected: z.array(ExpectedServiceView),
});
/** Null until the gateway has announced its connection since the console started; `unknown` once it falls silent. */
export const ConnectionView = z.object({ connection: ConnectionReport.nullable() });
export const MarketClockView = z.object({
  now: EpochMs,
  session: SessionSchema,
  /** US/Eastern date of the current trading day (YYYY-MM-DD). */
  date: z.string(),
  isTradingDay: z.boolean(),
  earlyClose: z.boolean(),
  regularOpen: EpochMs,
  regularClose: EpochMs,
  nextRegularOpen: EpochMs,
});
export const SystemStatusView = ConnectionView.extend(HealthView.shape).extend({
  clock: MarketClockView,
  /** Market-data farms (2103/2104/2105/2106/2157/2158) as last announced since the console started. */
  feeds: z.array(FeedState).optional(),
});

export const SystemRoutes = {
  status: defineRoute({
    operationId: 'getSystemStatus', method: 'GET', path: '/v1/system/status', role: Role.VIEWER, tag,
    summary: 'Connection to TWS, market-data farms, market clock and session, and every live service instance, in one call.', response: SystemStatusView,
  }),
  health: defineRoute({
    // Public, as operators and load balancers expect: it says which services answer, nothing more.
    operationId: 'getHealth', method: 'GET', path: '/v1/system/health', role: null, tag,
    summary: 'Every expected service UP, DEGRADED or DOWN since when, and every live service instance (no token needed).', response: HealthView,
  }),
  connection: defineRoute({
    operationId: 'getConnection', method: 'GET', path: '/v1/system/connection', role: Role.VIEWER, tag,
    summary: "The gateway's connection to TWS / IB Gateway, with the age of its last announcement; `unknown` when the gateway has missed three announcements (it may be down).", response: ConnectionView,
  }),
  clock: defineRoute({
    operationId: 'getMarketClock', method: 'GET', path: '/v1/system/clock', role: Role.VIEWER, tag,
    summary: 'Market clock: now, the US/Eastern session and the regular session of the day.', response: MarketClockView,
  }),
} as const;
