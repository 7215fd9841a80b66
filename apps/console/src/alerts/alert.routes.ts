import { z } from 'zod';
import { Alert } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

const tag = 'alerts';

export const ListAlertsHttpQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Only alerts of these codes (comma-separated). */
  code: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0))
    .pipe(z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)))
    .optional(),
});

/** Newest first. */
export const AlertList = z.object({ alerts: z.array(Alert) });

export const AlertRoutes = {
  list: defineRoute({
    operationId: 'listAlerts', method: 'GET', path: '/v1/alerts', role: Role.VIEWER, tag,
    summary: 'The latest alerts (stream ALERTS), newest first; the live ones arrive on /v1/events as `alert`.', query: ListAlertsHttpQuery, response: AlertList,
  }),
} as const;
