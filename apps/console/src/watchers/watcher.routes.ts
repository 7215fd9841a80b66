import { z } from 'zod';
import { Contracts, TradeId, TriggerList, TriggerPurpose } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

export const ListWatchersHttpQuery = z.object({
  tradeId: TradeId.optional(),
  purpose: z.enum([TriggerPurpose.ENTRY, TriggerPurpose.STOP, TriggerPurpose.TAKE_PROFIT]).optional(),
  includeFinished: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
});

export const WatcherRoutes = {
  list: defineRoute({
    operationId: 'listWatchers', calls: [Contracts.ListTriggers], method: 'GET', path: '/v1/watchers', role: Role.VIEWER, tag: 'watchers',
    summary: 'Every armed trigger and stop with its level, last price and status.',
    query: ListWatchersHttpQuery, response: TriggerList,
  }),
} as const;
