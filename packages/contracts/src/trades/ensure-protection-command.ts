import { z } from 'zod';
import { TradeId, TriggerId } from '../core/ids';

/**
 * `trade.cmd.ensure-protection.v1` (the auditor): the trade holds contracts and its stop trigger is
 * not live at the trigger-service. The order-service checks that itself (it never takes the
 * auditor's word for it), records `stop-lost` and arms a new stop trigger (`protected`).
 * Idempotent: a trade whose stop is live, or that holds nothing, is answered as it is.
 */
export const EnsureProtectionCommand = z.object({
  tradeId: TradeId,
  /** The stop trigger the auditor found not armed (null: the trade has none recorded). */
  lostTriggerId: TriggerId.nullable(),
  /** Why, for the trade's history (the auditor's violation key). */
  reason: z.string().min(1).max(300),
});
export type EnsureProtectionCommand = z.infer<typeof EnsureProtectionCommand>;

/** What the order-service found and did. */
export const ProtectionEnsured = z.object({
  tradeId: TradeId,
  /** `rearmed`: a new stop trigger is armed; `retrying`: it could not be armed yet (protection retries, the deadline alerts); `already-live`: the stop was armed after all; `not-needed`: the trade holds nothing, waives its stop or is closing. */
  outcome: z.enum(['rearmed', 'retrying', 'already-live', 'not-needed']),
  stopTriggerId: TriggerId.nullable(),
});
export type ProtectionEnsured = z.infer<typeof ProtectionEnsured>;
