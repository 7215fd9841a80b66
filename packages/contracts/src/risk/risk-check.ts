import { z } from 'zod';
import { ConId, OrderRef, TradeId } from '../core/ids';
import { EpochMs, PositivePrice, Quantity, Symbol } from '../core/common';
import { SessionSchema, SideSchema } from '../core/enums';

/**
 * Stable reason codes of a denied check. `message` beside the code is a sentence for the trader.
 * A cap allows an order that lands exactly on it; the code is given when the order would exceed it.
 */
export const RiskReasonCode = {
  TRADING_HALTED: 'TRADING_HALTED',
  REDUCING_ONLY: 'REDUCING_ONLY',
  UNDERLYING_NOT_ALLOWED: 'UNDERLYING_NOT_ALLOWED',
  OUTSIDE_REGULAR_HOURS: 'OUTSIDE_REGULAR_HOURS',
  QUANTITY_EXCEEDS_MAXIMUM: 'QUANTITY_EXCEEDS_MAXIMUM',
  NOTIONAL_PER_ORDER_EXCEEDED: 'NOTIONAL_PER_ORDER_EXCEEDED',
  PRICE_SANITY: 'PRICE_SANITY',
  ORDER_RATE_EXCEEDED: 'ORDER_RATE_EXCEEDED',
  TOO_MANY_PENDING_ORDERS: 'TOO_MANY_PENDING_ORDERS',
  MAX_OPEN_POSITIONS: 'MAX_OPEN_POSITIONS',
  UNDERLYING_NOTIONAL_EXCEEDED: 'UNDERLYING_NOTIONAL_EXCEEDED',
  DAILY_NOTIONAL_EXCEEDED: 'DAILY_NOTIONAL_EXCEEDED',
} as const;
export type RiskReasonCode = (typeof RiskReasonCode)[keyof typeof RiskReasonCode];

/** Pre-trade check of one order. Approval reserves the notional until released, filled or expired. */
export const RiskCheckRequest = z.object({
  checkId: z.string().min(1).max(128),
  tradeId: TradeId,
  orderRef: OrderRef.optional(),
  underlying: Symbol,
  conId: ConId,
  side: SideSchema,
  quantity: Quantity,
  /** Premium per share (option price); notional = quantity × price × multiplier. */
  price: PositivePrice,
  multiplier: z.number().int().positive(),
  opening: z.boolean(),
  session: SessionSchema,
  /** Current option ask, for the price-sanity rule. */
  ask: PositivePrice.nullable(),
});
export type RiskCheckRequest = z.infer<typeof RiskCheckRequest>;

export const RiskDecision = z.discriminatedUnion('approved', [
  z.object({ approved: z.literal(true), reservationId: z.string(), expiresAt: EpochMs }),
  z.object({
    approved: z.literal(false),
    /** Stable reason code, e.g. QUANTITY_EXCEEDS_MAXIMUM. */
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    message: z.string(),
  }),
]);
export type RiskDecision = z.infer<typeof RiskDecision>;

/**
 * The decision of a check of an order with an orderRef, as published for the gateway the moment it
 * is answered: an order placed "on approval" (PlaceOrder v2) is sent only on an approval of the same
 * check and order. The reply to the asker remains the record of the decision.
 */
export const RiskDecided = z.object({
  checkId: RiskCheckRequest.shape.checkId,
  orderRef: OrderRef,
  tradeId: TradeId,
  conId: ConId,
  side: SideSchema,
  quantity: Quantity,
  /** The premium per share the notional was judged at. */
  price: PositivePrice,
  opening: z.boolean(),
  decision: RiskDecision,
  decidedAt: EpochMs,
});
export type RiskDecided = z.infer<typeof RiskDecided>;

export const ReleaseReservationCommand = z.object({
  reservationId: z.string().min(1),
  reason: z.enum(['rejected', 'cancelled', 'filled', 'expired']),
});
export type ReleaseReservationCommand = z.infer<typeof ReleaseReservationCommand>;
