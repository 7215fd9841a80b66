import { z } from 'zod';
import { EpochMs } from '../core/common';
import { ConId, PermId } from '../core/ids';
import { RightSchema, SideSchema } from '../core/enums';

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

/**
 * The contract of a position as reqPositions describes it (no look-up): enough to qualify an
 * option again — and to put a stop on its underlying — when an external position is adopted.
 */
export const HoldingContract = z.object({
  symbol: z.string(),
  secType: z.string(),
  /** YYYYMMDD for an option, else null. */
  expiry: z.string().nullable(),
  strike: z.number().nullable(),
  right: RightSchema.nullable(),
  multiplier: z.number().positive().nullable(),
  localSymbol: z.string(),
});
export type HoldingContract = z.infer<typeof HoldingContract>;

/** One position as the broker reports it (reqPositions). */
export const BrokerHolding = z.object({
  account: z.string(),
  conId: ConId,
  position: z.number().finite(),
  /** Per contract, multiplier included (IB's avgCost: an option bought at 2.50 shows 250). */
  avgCost: z.number().finite(),
  /** The contract as the position message describes it (absent from gateways before adoption existed). */
  contract: HoldingContract.optional(),
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
