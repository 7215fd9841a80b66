import { z } from 'zod';
import { Contracts, EmergencyReport } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

const tag = 'emergency';
const reason = z.string().min(1).max(200).optional();

export const EmergencyRoutes = {
  cancelAll: defineRoute({
    operationId: 'cancelAll', calls: [Contracts.CancelAll], method: 'POST', path: '/v1/emergency/cancel-all', role: Role.ADMIN, tag, idempotent: true,
    summary: "Cancel every working ArcTrigger order at the broker (entries, exits, protective stops — withdrawn; stop triggers stay armed); with `broker: true`, IB's global cancel too. Reported order by order.",
    body: z.object({ reason, broker: z.boolean().default(false) }).strict(), response: EmergencyReport,
  }),
  flattenAll: defineRoute({
    operationId: 'flattenAll', calls: [Contracts.FlattenAll], method: 'POST', path: '/v1/emergency/flatten-all', role: Role.ADMIN, tag, idempotent: true,
    summary: 'Sell every held position of every trade at market, each exactly its live quantity. Reported order by order.',
    body: z.object({ reason }).strict(), response: EmergencyReport,
  }),
  panic: defineRoute({
    operationId: 'panic', calls: [Contracts.Panic], method: 'POST', path: '/v1/emergency/panic', role: Role.ADMIN, tag, idempotent: true,
    summary: 'HALT, then cancel-all, then flatten-all (in that order, each whatever the one before did). Reported step by step, order by order.',
    body: z.object({ reason, broker: z.boolean().default(false) }).strict(), response: EmergencyReport,
  }),
} as const;
