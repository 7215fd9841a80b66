import { z } from 'zod';

/**
 * Who or what caused a trade event, or sends a trade command: a person (`user`: a console token —
 * `id` its token id, `name` its name, `role` its role), a service reacting to the world (`service`:
 * `id` the service whose message caused it — trigger-service, gateway, risk-service — or the
 * order-service's own timers), or the invariant auditor (`auditor`).
 */
export const Actor = z.object({
  kind: z.enum(['user', 'service', 'auditor']),
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(64).optional(),
  role: z.enum(['viewer', 'trader', 'admin']).optional(),
});
export type Actor = z.infer<typeof Actor>;

/**
 * `by`, on a trade command: who asks. Optional, so a sender of the previous release (no `by`) still
 * works; the console always sends it. A user's command acts only on trades they own, unless an admin.
 */
export const ActedBy = { by: Actor.optional() };

/** Whether `by` may act on a trade owned by `owner` (null: armed before owners existed, or by a service). */
export function mayActOn(owner: Actor | null, by: Actor | undefined): boolean {
  if (!by || by.kind !== 'user' || by.role === 'admin' || owner === null) return true;
  return owner.kind === 'user' && owner.id === by.id;
}
