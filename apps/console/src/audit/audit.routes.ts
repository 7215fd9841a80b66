import { z } from 'zod';
import { AdoptPositionCommand, ConId, Contracts, ExternalPositionList, TradeView, ViolationList } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

/** `/v1/positions/external/{conId}/…`: the contract id from the path. */
const ExternalPositionPath = z.object({ conId: z.coerce.number().pipe(ConId) });

/** The invariant auditor's findings (issue 19): external positions and open violations; an admin adopts an external position. */
export const AuditRoutes = {
  externalPositions: defineRoute({
    operationId: 'listExternalPositions', calls: [Contracts.ListExternalPositions], method: 'GET', path: '/v1/positions/external', role: Role.VIEWER, tag: 'positions',
    summary: 'Positions at the broker that no ArcTrigger trade holds (bought by hand, by another client, or left over): shown and alerted, never traded automatically.',
    response: ExternalPositionList,
  }),
  adoptExternalPosition: defineRoute({
    operationId: 'adoptExternalPosition', calls: [Contracts.AdoptPosition], method: 'POST', path: '/v1/positions/external/{conId}/adopt',
    role: Role.ADMIN, tag: 'positions', idempotent: true, successStatus: 201,
    summary: "Adopt an external position (admin): the broker's long position in the option less what ArcTrigger's trades hold becomes a trade owned by the caller, held at the broker's average cost, with its stop on the underlying armed as after an entry fill (an offset from the underlying's price now, or a price level) and optionally the automatic take-profit. Refused with nothing changed when the contract is no external position now, was adopted already, is short or no option, or the stop would fire at once.",
    params: ExternalPositionPath, body: AdoptPositionCommand.strict(), response: TradeView,
  }),
  violations: defineRoute({
    operationId: 'listAuditViolations', calls: [Contracts.ListViolations], method: 'GET', path: '/v1/audit/violations', role: Role.VIEWER, tag: 'system',
    summary: "The invariant auditor's open violations (stop missing, orphan broker order, position mismatch, stuck transient state, external position), each with its facts and the repair taken.",
    query: z.object({ includeResolved: z.enum(['true', 'false']).transform((v) => v === 'true').default(false) }),
    response: ViolationList,
  }),
} as const;
