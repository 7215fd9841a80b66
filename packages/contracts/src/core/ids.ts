import { z } from 'zod';

/**
 * Identifiers are branded types, parsed once at the edge (HTTP, bus, TWS callback) and never
 * passed around as bare strings or numbers afterwards.
 */
const token = /^[A-Za-z0-9_-]{1,64}$/;
/** The pattern of TradeId, TriggerId and ServiceInstanceId (for hand checks: core/hand-check.ts). */
export const ID_TOKEN_PATTERN: RegExp = token;

export const TradeId = z.string().regex(token, 'letters, digits, _ or -, 1..64 chars').brand<'TradeId'>();
export type TradeId = z.infer<typeof TradeId>;

export const TriggerId = z.string().regex(token, 'letters, digits, _ or -, 1..64 chars').brand<'TriggerId'>();
export type TriggerId = z.infer<typeof TriggerId>;

/** IB contract id. */
export const ConId = z.number().int().positive().brand<'ConId'>();
export type ConId = z.infer<typeof ConId>;

/** IB order id: per client connection, can roll back after a gateway restart — never an identity. */
export const IbOrderId = z.number().int().nonnegative().brand<'IbOrderId'>();
export type IbOrderId = z.infer<typeof IbOrderId>;

/** IB permanent order id: stable across sessions once assigned by TWS. */
export const PermId = z.number().int().nonnegative().brand<'PermId'>();
export type PermId = z.infer<typeof PermId>;

/** IB execution id (unique per fill; corrections carry a new suffix). */
export const ExecId = z.string().min(1).max(128).brand<'ExecId'>();
export type ExecId = z.infer<typeof ExecId>;

export const ServiceInstanceId = z.string().regex(token).brand<'ServiceInstanceId'>();
export type ServiceInstanceId = z.infer<typeof ServiceInstanceId>;

/** An event's unique id (used for de-duplication and causation chains). */
export const EventId = z.string().min(1).max(128).brand<'EventId'>();
export type EventId = z.infer<typeof EventId>;

/**
 * OrderRef: our identity for one broker order, carried in IB's `orderRef` field.
 * Format `<tradeId>.<leg>.<attempt>`: the idempotency key for placement.
 */
export const OrderLeg = {
  ENTRY: 'entry',
  STOP: 'stop',
  TAKE_PROFIT: 'tp',
  FLATTEN: 'flat',
  PROTECTIVE: 'guard',
} as const;
export type OrderLeg = (typeof OrderLeg)[keyof typeof OrderLeg];

const orderRefPattern = /^([A-Za-z0-9_-]{1,64})\.(entry|stop|tp|flat|guard)\.([1-9][0-9]{0,5})$/;
/** The pattern of OrderRef (for hand checks: core/hand-check.ts). */
export const ORDER_REF_PATTERN: RegExp = orderRefPattern;
export const OrderRef = z
  .string()
  .regex(orderRefPattern, 'expected <tradeId>.<entry|stop|tp|flat|guard>.<attempt>')
  .brand<'OrderRef'>();
export type OrderRef = z.infer<typeof OrderRef>;

export function orderRefOf(tradeId: TradeId, leg: OrderLeg, attempt: number): OrderRef {
  return OrderRef.parse(`${tradeId}.${leg}.${attempt}`);
}

export interface OrderRefParts {
  /** The whole ref, now known to be one of ours. */
  orderRef: OrderRef;
  tradeId: TradeId;
  leg: OrderLeg;
  attempt: number;
}

/** Splits an OrderRef; returns undefined for a ref that is not ours (e.g. an order placed in TWS by hand). */
export function parseOrderRef(ref: string): OrderRefParts | undefined {
  const m = orderRefPattern.exec(ref);
  if (!m) return undefined;
  return { orderRef: ref as OrderRef, tradeId: m[1] as TradeId, leg: m[2] as OrderLeg, attempt: Number(m[3]) };
}
