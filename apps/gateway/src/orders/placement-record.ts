import { z } from 'zod';
import { ConId, IbOrderId, OrderRef, PermId, OrderTypeSchema, SideSchema, TimeInForceSchema } from '@arctrigger/contracts';

/** Where a placement stands, as the gateway knows it. */
export const PlacementState = {
  /** Written before placeOrder leaves; a crash here leaves it for reconciliation to resolve. */
  SENDING: 'sending',
  ACCEPTED: 'accepted',
  /** Sent, but no acknowledgement (timeout, disconnect): resolved by reconciliation, never re-sent. */
  UNKNOWN: 'unknown',
  REJECTED: 'rejected',
  /** Reconciliation found no trace of it at the broker. */
  NOT_FOUND: 'not-found',
} as const;
export type PlacementState = (typeof PlacementState)[keyof typeof PlacementState];

/** The order as it was (last) sent, so a modify can send it again with the same id. */
export const SentOrder = z.object({
  conId: ConId,
  side: SideSchema,
  quantity: z.number().int().positive(),
  orderType: OrderTypeSchema,
  limitPrice: z.number().positive().optional(),
  stopPrice: z.number().positive().optional(),
  tif: TimeInForceSchema,
  outsideRth: z.boolean(),
  opening: z.boolean(),
  ocaGroup: z.string().optional(),
});
export type SentOrder = z.infer<typeof SentOrder>;

/**
 * One placement, by orderRef, in KV bucket `gateway` (key `placement.<orderRef>`). Created with
 * compare-and-set before the order leaves, so the same command — concurrently, or after a
 * restart — finds it and gets the same answer instead of a second broker order.
 */
export const PlacementRecord = z.object({
  orderRef: OrderRef,
  ibOrderId: IbOrderId,
  clientId: z.number().int().nonnegative(),
  permId: PermId.nullable(),
  state: z.enum(Object.values(PlacementState) as [PlacementState, ...PlacementState[]]),
  order: SentOrder,
  rejection: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});
export type PlacementRecord = z.infer<typeof PlacementRecord>;

export const placementKey = (orderRef: string) => `placement.${orderRef}`;

/**
 * Whether a placement record can be forgotten: last changed before `cutoff` and its order can no
 * longer be working or asked about — rejected, not found at the broker, or an accepted DAY order
 * (dead at the end of its day). Unresolved (sending / unknown) records and accepted GTC orders stay.
 */
export function isPrunable(record: PlacementRecord, cutoff: number): boolean {
  if (record.updatedAt >= cutoff) return false;
  if (record.state === PlacementState.REJECTED || record.state === PlacementState.NOT_FOUND) return true;
  return record.state === PlacementState.ACCEPTED && record.order.tif === 'DAY';
}

export const HighWaterRecord = z.object({ highWater: z.number().int().nonnegative() });
export const HIGH_WATER_KEY = 'order-id.high-water';
