import { z } from 'zod';
import { codesOf, type ErrorTable } from '../core/error-codes';
import { ConId, IbOrderId, OrderRef, PermId } from '../core/ids';
import { PositivePrice, Quantity } from '../core/common';
import { OrderTypeSchema, SideSchema, TimeInForceSchema, enumOf, type OrderType } from '../core/enums';

const placeOrderFields = z.object({
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
});

/** Which prices an order type takes: a limit (LMT, STP LMT), a stop (STP, STP LMT). */
export function pricesTakenBy(orderType: OrderType): { readonly limit: boolean; readonly stop: boolean } {
  return { limit: orderType === 'LMT' || orderType === 'STP LMT', stop: orderType === 'STP' || orderType === 'STP LMT' };
}

/** A limit or stop price exactly when the order type takes one. */
const pricesMatchOrderType = (cmd: z.infer<typeof placeOrderFields>, ctx: z.RefinementCtx): void => {
  const { limit: needsLimit, stop: needsStop } = pricesTakenBy(cmd.orderType);
  if (needsLimit && cmd.limitPrice === undefined)
    ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: `${cmd.orderType} needs a limitPrice` });
  if (!needsLimit && cmd.limitPrice !== undefined)
    ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: `${cmd.orderType} takes no limitPrice` });
  if (needsStop && cmd.stopPrice === undefined)
    ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `${cmd.orderType} needs a stopPrice` });
  if (!needsStop && cmd.stopPrice !== undefined)
    ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `${cmd.orderType} takes no stopPrice` });
};

/**
 * Place one broker order. `orderRef` is the idempotency key: the same command twice yields one
 * broker order and the same answer. `opening` says whether the order opens (or adds to) a position;
 * opening orders are refused while trading is HALTED or REDUCING.
 */
export const PlaceOrderCommand = placeOrderFields.superRefine(pricesMatchOrderType);
export type PlaceOrderCommand = z.infer<typeof PlaceOrderCommand>;

/**
 * Place one broker order once the risk-service has approved it — a command of its own, not a
 * version of PlaceOrder. `riskCheckId` names the check
 * the sender asked for this very order (same orderRef, contract, side, quantity; a limit no worse
 * than the approved price): the gateway records the placement while that check is decided and sends
 * the order the moment its approval is published, so the risk answer does not travel back through
 * the sender first. No approval — a denial, an approval of a different order, or none heard in
 * time (retryable: the sender, holding the approval itself, places with PlaceOrder) — is refused
 * with RISK_NOT_APPROVED and nothing is sent. Otherwise as PlaceOrder: orderRef is the idempotency key.
 */
export const PlaceOrderOnApprovalCommand = placeOrderFields
  .extend({ riskCheckId: z.string().min(1).max(128) })
  .superRefine(pricesMatchOrderType);
export type PlaceOrderOnApprovalCommand = z.infer<typeof PlaceOrderOnApprovalCommand>;
/** @deprecated the schema of `gw.order.cmd.place.v2`, the old subject of PlaceOrderOnApprovalCommand. */
export const PlaceOrderCommandV2 = PlaceOrderOnApprovalCommand;
/** @deprecated use PlaceOrderOnApprovalCommand. */
export type PlaceOrderCommandV2 = PlaceOrderOnApprovalCommand;

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

/**
 * Codes the gateway answers order commands with (besides the bus's own). A refusal before sending
 * (kill switch, validation, disconnected) leaves no trace at the broker.
 */
export const OrderCommandErrors = {
  TRADING_HALTED: { http: 422, meaning: 'Opening order while the kill switch is HALTED.' },
  REDUCING_ONLY: { http: 422, meaning: 'Opening order while the kill switch is REDUCING (closing orders pass).' },
  TRADING_STATE_UNAVAILABLE: { http: 503, meaning: 'The kill-switch state could not be read: opening orders fail closed.', retryable: true },
  UNKNOWN_CONTRACT: { http: 422, meaning: 'The conId is not a contract TWS knows.' },
  OFF_TICK_GRID: { http: 422, meaning: "A limit or stop price is not on the contract's tick grid (market rule)." },
  ORDER_REJECTED: { http: 422, meaning: "TWS rejected the order or the modification (the message carries IB's code and reason)." },
  ORDER_NOT_FOUND: { http: 404, meaning: 'No placement with this orderRef went through the gateway.' },
  ORDER_LOST: { http: 409, meaning: 'Reconciliation found no trace of the placement at the broker: place again under a new attempt.' },
  ORDER_NOT_WORKING: { http: 409, meaning: 'The order is already filled or cancelled (or TWS could not cancel it).' },
  ORDER_REF_CONFLICT: { http: 409, meaning: 'The orderRef was already used for a different order (contract, side or opening differ).' },
  TWS_DISCONNECTED: { http: 503, meaning: 'Not connected to TWS: nothing was sent.', retryable: true },
  RISK_NOT_APPROVED: { http: 422, meaning: 'Placement on approval: the risk check was denied, approved a different order, or no decision was heard in time (retryable). Nothing was sent.' },
  OUTCOME_UNKNOWN: { http: 503, meaning: "A modify or cancel was sent but not confirmed in time: watch the order's events.", retryable: true },
  /**
   * Closing means closing: a closing SELL (or a closing order made larger) for more than the
   * account holds in the contract net of what our working SELLs may still sell. Retryable: a fill
   * in flight (or the broker's positions still being read after a connect) can change the answer.
   */
  CLOSING_EXCEEDS_POSITION: {
    http: 409, retryable: true,
    meaning: 'A closing order asks to sell more than the position held in the contract net of working sells (or the position is not known yet); nothing was sent.',
  },
} as const satisfies ErrorTable;
export const OrderCommandErrorCode = codesOf(OrderCommandErrors);
export type OrderCommandErrorCode = (typeof OrderCommandErrorCode)[keyof typeof OrderCommandErrorCode];
