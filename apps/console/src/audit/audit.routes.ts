import { z } from 'zod';
import { Contracts, ExternalPositionList, ViolationList } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

/** The invariant auditor's findings (issue 19): external positions and open violations. */
export const AuditRoutes = {
  externalPositions: defineRoute({
    operationId: 'listExternalPositions', calls: [Contracts.ListExternalPositions], method: 'GET', path: '/v1/positions/external', role: Role.VIEWER, tag: 'positions',
    summary: 'Positions at the broker that no ArcTrigger trade holds (bought by hand, by another client, or left over): shown and alerted, never traded automatically.',
    response: ExternalPositionList,
  }),
  violations: defineRoute({
    operationId: 'listAuditViolations', calls: [Contracts.ListViolations], method: 'GET', path: '/v1/audit/violations', role: Role.VIEWER, tag: 'system',
    summary: "The invariant auditor's open violations (stop missing, orphan broker order, position mismatch, stuck transient state, external position), each with its facts and the repair taken.",
    query: z.object({ includeResolved: z.enum(['true', 'false']).transform((v) => v === 'true').default(false) }),
    response: ViolationList,
  }),
} as const;
