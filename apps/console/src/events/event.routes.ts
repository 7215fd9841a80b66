import { z } from 'zod';
import { TradeId } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

export const EventRoutes = {
  stream: defineRoute({
    operationId: 'streamEvents', method: 'GET', path: '/v1/events', role: Role.VIEWER, tag: 'events', produces: 'text/event-stream',
    summary:
      'Server-sent events: trade transitions (`trade`), premarket hits awaiting a decision (`premarket-decision`), fills (`fill`), ' +
      'triggers (`trigger`), risk state and limit changes (`risk-state`, `risk-limits`), broker position mismatches (`position-mismatch`), alerts (`alert`), ' +
      'connection and market-data farm changes (`connection`, `feed`: live only). ' +
      'Each stored event carries an id; reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume without loss. ' +
      'Browsers may pass the token as `?access_token=`. `?tradeId=` follows one trade (its transitions, fills and triggers); ' +
      '`?from=start` begins with everything stored (a trade\'s whole history) instead of what happens next.',
    query: z.object({
      lastEventId: z.string().max(400).optional(),
      access_token: z.string().optional(),
      tradeId: TradeId.optional(),
      from: z.enum(['now', 'start']).default('now'),
    }),
    response: z.string().describe('text/event-stream'),
  }),
} as const;
