import { z } from 'zod';
import { ConId, IbOrderId, OrderRef, PermId } from '../core/ids';
import { PositivePrice, Quantity } from '../core/common';
import { OrderTypeSchema, SideSchema, TimeInForceSchema, enumOf } from '../core/enums';

/**
 * Place one broker order. `orderRef` is the idempotency key: the same command twice yields one
 * broker order and the same answer. `opening` says whether the order opens (or adds to) a position;
 * opening orders are refused while trading is HALTED or REDUCING.
 */
export const PlaceOrderCommand = z
  .object({
    orderRef: OrderRef,
    conId: ConId,
    side: SideSchema,
    quantity: Quantity,
    orderType: OrderTypeSchema,
    limitPrice: PositivePrice.optional(),
    stopPrice: PositivePrice.optional(),
    tif: TimeInForceSchema.default('DAY'),
    outsideRth: z.boolean().default(false),
    opening: z.boolean(),
    /** One-cancels-all group: exits of one position share it so it can never be sold twice. */
    ocaGroup: z.string().min(1).max(64).optional(),
  })
  .superRefine((cmd, ctx) => {
    const needsLimit = cmd.orderType === 'LMT' || cmd.orderType === 'STP LMT';
    const needsStop = cmd.orderType === 'STP' || cmd.orderType === 'STP LMT';
    if (needsLimit && cmd.limitPrice === undefined)
      ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: `${cmd.orderType} needs a limitPrice` });
    if (!needsLimit && cmd.limitPrice !== undefined)
      ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: `${cmd.orderType} takes no limitPrice` });
    if (needsStop && cmd.stopPrice === undefined)
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `${cmd.orderType} needs a stopPrice` });
    if (!needsStop && cmd.stopPrice !== undefined)
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `${cmd.orderType} takes no stopPrice` });
  });
export type PlaceOrderCommand = z.infer<typeof PlaceOrderCommand>;

export const PlacementOutcome = {
  /** TWS acknowledged the order (openOrder / orderStatus seen). */
  ACCEPTED: 'accepted',
  /** Sent, but no acknowledgement in time (timeout or disconnect): resolved by querying the broker, never re-sent. */
  UNKNOWN: 'unknown',
} as const;
export type PlacementOutcome = (typeof PlacementOutcome)[keyof typeof PlacementOutcome];

export const OrderPlacement = z.object({
  orderRef: OrderRef,
  ibOrderId: IbOrderId,
  permId: PermId.nullable(),
  outcome: enumOf(PlacementOutcome),
});
export type OrderPlacement = z.infer<typeof OrderPlacement>;

/** Modify a working order (IB: place again with the same order id). */
export const ModifyOrderCommand = z
  .object({
    orderRef: OrderRef,
    quantity: Quantity.optional(),
    limitPrice: PositivePrice.optional(),
    stopPrice: PositivePrice.optional(),
  })
  .refine((c) => c.quantity !== undefined || c.limitPrice !== undefined || c.stopPrice !== undefined, {
    message: 'nothing to modify: give quantity, limitPrice or stopPrice',
  });
export type ModifyOrderCommand = z.infer<typeof ModifyOrderCommand>;

export const CancelOrderCommand = z.object({ orderRef: OrderRef });
export type CancelOrderCommand = z.infer<typeof CancelOrderCommand>;

export const OrderCommandAck = z.object({ orderRef: OrderRef, ibOrderId: IbOrderId });

/** Cancel every working opening order (kill switch). */
export const CancelOpeningOrdersCommand = z.object({ reason: z.string().min(1).max(200) });
export const CancelledOrders = z.object({ cancelled: z.array(OrderRef) });
