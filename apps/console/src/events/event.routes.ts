import { z } from 'zod';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

export const EventRoutes = {
  stream: defineRoute({
    operationId: 'streamEvents', method: 'GET', path: '/v1/events', role: Role.VIEWER, tag: 'events', produces: 'text/event-stream',
    summary:
      'Server-sent events: trade transitions (`trade`), premarket hits awaiting a decision (`premarket-decision`), fills (`fill`), ' +
      'triggers (`trigger`), risk state and limit changes (`risk-state`, `risk-limits`), broker position mismatches (`position-mismatch`), connection changes (`connection`, live only). ' +
      'Each stored event carries an id; reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume without loss. ' +
      'Browsers may pass the token as `?access_token=`.',
    query: z.object({ lastEventId: z.string().max(400).optional(), access_token: z.string().optional() }),
    response: z.string().describe('text/event-stream'),
  }),
} as const;
