import { z } from 'zod';
import { EpochMs } from '../core/common';
import { ConId, PermId } from '../core/ids';
import { SideSchema } from '../core/enums';

/** One order working at the broker, ours or not (`orderRef` as the broker holds it; empty for an order placed by hand). */
export const BrokerOpenOrder = z.object({
  orderRef: z.string().max(200),
  permId: PermId.nullable(),
  conId: ConId,
  side: SideSchema,
  orderType: z.string(),
  totalQuantity: z.number().nonnegative(),
  /** The broker's status as sent (PreSubmitted, Submitted, …). */
  status: z.string(),
});
export type BrokerOpenOrder = z.infer<typeof BrokerOpenOrder>;

/** One position as the broker reports it (reqPositions). */
export const BrokerHolding = z.object({
  account: z.string(),
  conId: ConId,
  position: z.number().finite(),
  avgCost: z.number().finite(),
});
export type BrokerHolding = z.infer<typeof BrokerHolding>;

export const BrokerSnapshotRequest = z.object({}).strict();

/**
 * The broker's view now: every open order of the account (reqAllOpenOrders) and every position
 * (reqPositions), asked of TWS for this request. `at` is when the last of them arrived.
 */
export const BrokerSnapshot = z.object({
  openOrders: z.array(BrokerOpenOrder),
  positions: z.array(BrokerHolding),
  at: EpochMs,
});
export type BrokerSnapshot = z.infer<typeof BrokerSnapshot>;
