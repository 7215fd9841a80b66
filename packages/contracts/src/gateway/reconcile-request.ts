import { z } from 'zod';
import { OrderRef } from '../core/ids';

/** `gw.cmd.reconcile.v1`: ask the broker again — open and completed orders, executions, positions — as after a reconnect. */
export const ReconcileRequest = z.object({ reason: z.string().min(1).max(300) });
export type ReconcileRequest = z.infer<typeof ReconcileRequest>;

/** What one reconciliation found: which steps TWS answered, and the placements it settled. */
export const ReconcileReport = z.object({
  openOrders: z.boolean(),
  completedOrders: z.boolean(),
  executions: z.boolean(),
  positions: z.number().int().nonnegative(),
  /** Unknown placements found at the broker. */
  resolved: z.array(OrderRef),
  /** Unknown placements with no trace at the broker (published as not-found). */
  notFound: z.array(OrderRef),
});
export type ReconcileReport = z.infer<typeof ReconcileReport>;
