import { z } from 'zod';
import { codesOf, type ErrorTable } from '../core/error-codes';
import { ConId, OrderRef, TradeId } from '../core/ids';
import { EpochMs, PositivePrice, Quantity, Symbol } from '../core/common';
import { SessionSchema, SideSchema } from '../core/enums';

/**
 * Stable reason codes of a denied check. `message` beside the code is a sentence for the trader.
 * A cap allows an order that lands exactly on it; the code is given when the order would exceed it.
 */
export const RiskReasons = {
  TRADING_HALTED: { http: 422, meaning: 'Trading is HALTED (kill switch): no opening order.' },
  REDUCING_ONLY: { http: 422, meaning: 'Trading is REDUCING: only closing orders.' },
  UNDERLYING_NOT_ALLOWED: { http: 422, meaning: 'The underlying is not on the allow-list.' },
  OUTSIDE_REGULAR_HOURS: { http: 422, meaning: 'Options are traded in regular hours only (09:30–16:00 ET).' },
  QUANTITY_EXCEEDS_MAXIMUM: { http: 422, meaning: 'More contracts than the per-order limit.' },
  NOTIONAL_PER_ORDER_EXCEEDED: { http: 422, meaning: 'More notional than the per-order limit.' },
  PRICE_SANITY: { http: 422, meaning: 'The limit is too far above the ask, or there is no ask to judge it by.' },
  ORDER_RATE_EXCEEDED: { http: 422, meaning: 'More orders in the last minute than the limit.' },
  TOO_MANY_PENDING_ORDERS: { http: 422, meaning: 'Too many orders working at once.' },
  MAX_OPEN_POSITIONS: { http: 422, meaning: 'As many positions are open as the limit allows.' },
  UNDERLYING_NOTIONAL_EXCEEDED: { http: 422, meaning: "More notional on this underlying than the limit (today's fills and live reservations)." },
  DAILY_NOTIONAL_EXCEEDED: { http: 422, meaning: "More notional today than the limit (today's fills and live reservations)." },
  /** Closing means closing: a closing sell of more contracts than the trades hold in the contract. */
  CLOSING_EXCEEDS_POSITION: { http: 409, meaning: 'A closing sell of more contracts than are held in the contract (counted from executions): it would open a short.' },
} as const satisfies ErrorTable;
export const RiskReasonCode = codesOf(RiskReasons);
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

/**
 * Why an order is checked: `arm` judges the order a trade would send when it fires (arm-time
 * pre-check: nothing is reserved, the orders-per-minute budget is neither asked nor used); `fire`
 * is the order about to be sent (reserves its notional and counts toward orders per minute).
 */
export const RiskCheckPurpose = z.enum(['arm', 'fire']);
export type RiskCheckPurpose = z.infer<typeof RiskCheckPurpose>;

/** Version 2 of the check: the same order plus its purpose. Version 1 is a `fire` check. */
export const RiskCheckRequestV2 = RiskCheckRequest.extend({ purpose: RiskCheckPurpose });
export type RiskCheckRequestV2 = z.infer<typeof RiskCheckRequestV2>;

export const RiskDecision = z.discriminatedUnion('approved', [
  z.object({ approved: z.literal(true), reservationId: z.string(), expiresAt: EpochMs }),
  z.object({
    approved: z.literal(false),
    /** Stable reason code, e.g. QUANTITY_EXCEEDS_MAXIMUM (RiskReasons). */
    code: z.enum(Object.keys(RiskReasons) as [RiskReasonCode, ...RiskReasonCode[]]),
    message: z.string(),
  }),
]);
export type RiskDecision = z.infer<typeof RiskDecision>;

/**
 * The decision of a check of an order with an orderRef, as published for the gateway the moment it
 * is decided: an order placed "on approval" (PlaceOrder v2) is sent only on an approval of the same
 * check and order. Stored in RISK_DECISIONS, it is the log the risk book is rebuilt from after a
 * crash (the book's snapshot is written behind the decisions, never before the answer).
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
  /** The order's underlying (optional: decisions of the previous release do not carry it). */
  underlying: RiskCheckRequest.shape.underlying.optional(),
  /** Shares per contract the notional was judged with (optional as `underlying`). */
  multiplier: RiskCheckRequest.shape.multiplier.optional(),
  /** The risk-service instance that decided (optional as `underlying`). */
  decidedBy: z.string().min(1).max(128).optional(),
});
export type RiskDecided = z.infer<typeof RiskDecided>;

export const ReleaseReservationCommand = z.object({
  reservationId: z.string().min(1),
  reason: z.enum(['rejected', 'cancelled', 'filled', 'expired']),
});
export type ReleaseReservationCommand = z.infer<typeof ReleaseReservationCommand>;
