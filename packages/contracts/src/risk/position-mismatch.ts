import { z } from 'zod';
import { ConId } from '../core/ids';
import { EpochMs } from '../core/common';

/**
 * The broker holds a different quantity of a contract than the risk-service counted from the
 * executions it saw (a missed or foreign execution, a manual trade in TWS): after a reconciliation
 * snapshot, and still after a grace period for executions in flight.
 */
export const PositionMismatch = z.object({
  conId: ConId,
  /** The underlying, when the risk-service knows the contract from a check. */
  underlying: z.string().nullable(),
  account: z.string(),
  /** Signed contracts at the broker (gw.position.v1). */
  brokerPosition: z.number().finite(),
  /** Signed contracts the risk-service counted from executions. */
  countedPosition: z.number().finite(),
  at: EpochMs,
});
export type PositionMismatch = z.infer<typeof PositionMismatch>;
