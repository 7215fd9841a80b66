import { OrderType, Side, TimeInForce } from '../core/enums';
import { pricesTakenBy } from './broker-order-commands';
import { isOrderRef, isPositiveInt, isPositivePrice, isRecord, isStringOfLength, valuesOf } from '../core/hand-check';

const SIDES = valuesOf(Side);
const ORDER_TYPES = valuesOf(OrderType);
const TIFS = valuesOf(TimeInForce);

/**
 * PlaceOrderCommand checked by hand (ContractBase.check): every order the order-service sends, the
 * entry of a fire among them. The same rules as the zod schema, and one more: `tif` and
 * `outsideRth`, which the schema defaults, must be there — a command without them is left to the
 * schema, which fills them in. Null when valid and complete, else the first problem as
 * `path: message`. A property test holds it to the schema.
 */
export function placeOrderProblem(v: unknown): string | null {
  if (!isRecord(v)) return '(root): expected object';
  if (!isOrderRef(v.orderRef)) return 'orderRef: expected <tradeId>.<entry|stop|tp|flat|guard>.<attempt>';
  if (!isPositiveInt(v.conId)) return 'conId: expected a positive integer';
  if (!SIDES.has(v.side)) return 'side: expected BUY or SELL';
  if (!isPositiveInt(v.quantity)) return 'quantity: expected a positive integer';
  if (!ORDER_TYPES.has(v.orderType)) return `orderType: expected one of ${[...ORDER_TYPES].join(', ')}`;
  if (v.limitPrice !== undefined && !isPositivePrice(v.limitPrice)) return 'limitPrice: expected a positive price';
  if (v.stopPrice !== undefined && !isPositivePrice(v.stopPrice)) return 'stopPrice: expected a positive price';
  if (!TIFS.has(v.tif)) return 'tif: expected DAY or GTC (left out, the schema defaults it)';
  if (typeof v.outsideRth !== 'boolean') return 'outsideRth: expected a boolean (left out, the schema defaults it)';
  if (typeof v.opening !== 'boolean') return 'opening: expected a boolean';
  if (v.ocaGroup !== undefined && !isStringOfLength(v.ocaGroup, 1, 64)) return 'ocaGroup: expected a string of 1..64 chars';
  return pricesProblem(v.orderType as OrderType, v.limitPrice, v.stopPrice);
}

/** PlaceOrderOnApprovalCommand: PlaceOrderCommand and the risk check it is placed on. */
export function placeOrderOnApprovalProblem(v: unknown): string | null {
  const order = placeOrderProblem(v);
  if (order) return order;
  return isStringOfLength((v as Record<string, unknown>).riskCheckId, 1, 128) ? null : 'riskCheckId: expected a string of 1..128 chars';
}

/** A limit or stop price exactly when the order type takes one (the schema's refinement). */
function pricesProblem(orderType: OrderType, limitPrice: unknown, stopPrice: unknown): string | null {
  const { limit: needsLimit, stop: needsStop } = pricesTakenBy(orderType);
  if (needsLimit !== (limitPrice !== undefined)) return `limitPrice: ${orderType} ${needsLimit ? 'needs' : 'takes no'} limitPrice`;
  if (needsStop !== (stopPrice !== undefined)) return `stopPrice: ${orderType} ${needsStop ? 'needs' : 'takes no'} stopPrice`;
  return null;
}
