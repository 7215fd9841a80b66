import { Session, Side } from '../core/enums';
import { isIdToken, isNonNegativeInt, isOrderRef, isPositiveInt, isPositivePrice, isRecord, isStringOfLength, isSymbol, valuesOf } from '../core/hand-check';
import { RiskCheckPurpose, RiskReasons } from './risk-check';

const SIDES = valuesOf(Side);
const SESSIONS = valuesOf(Session);
const PURPOSES = valuesOf(RiskCheckPurpose.options);
const REASONS = valuesOf(Object.keys(RiskReasons));

/**
 * RiskCheckV2 and RiskDecided checked by hand (ContractBase.check), for the fire path: the
 * order-service asks, the risk-service decides and publishes, the gateway places on the decision,
 * each a bus hop after the other. The same rules as the zod schemas (property tests hold them
 * equal). Null when valid, else the first problem as `path: message`.
 */
export function riskCheckV2Problem(v: unknown): string | null {
  if (!isRecord(v)) return '(root): expected object';
  if (!isStringOfLength(v.checkId, 1, 128)) return 'checkId: expected a string of 1..128 chars';
  if (!isIdToken(v.tradeId)) return 'tradeId: expected letters, digits, _ or -, 1..64 chars';
  if (v.orderRef !== undefined && !isOrderRef(v.orderRef)) return 'orderRef: expected <tradeId>.<entry|stop|tp|flat|guard>.<attempt>';
  const order = orderProblem(v, true);
  if (order) return order;
  if (typeof v.opening !== 'boolean') return 'opening: expected a boolean';
  if (!SESSIONS.has(v.session)) return `session: expected one of ${[...SESSIONS].join(', ')}`;
  if (v.ask !== null && !isPositivePrice(v.ask)) return 'ask: expected a positive price or null';
  if (!PURPOSES.has(v.purpose)) return 'purpose: expected arm or fire';
  return null;
}

export function riskDecidedProblem(v: unknown): string | null {
  if (!isRecord(v)) return '(root): expected object';
  if (!isStringOfLength(v.checkId, 1, 128)) return 'checkId: expected a string of 1..128 chars';
  if (!isOrderRef(v.orderRef)) return 'orderRef: expected <tradeId>.<entry|stop|tp|flat|guard>.<attempt>';
  if (!isIdToken(v.tradeId)) return 'tradeId: expected letters, digits, _ or -, 1..64 chars';
  const order = orderProblem(v, false);
  if (order) return order;
  if (typeof v.opening !== 'boolean') return 'opening: expected a boolean';
  const decision = decisionProblem(v.decision);
  if (decision) return decision;
  if (!isNonNegativeInt(v.decidedAt)) return 'decidedAt: expected epoch ms';
  if (v.underlying !== undefined && !isSymbol(v.underlying)) return 'underlying: expected an upper-case ticker';
  if (v.multiplier !== undefined && !isPositiveInt(v.multiplier)) return 'multiplier: expected a positive integer';
  if (v.decidedBy !== undefined && !isStringOfLength(v.decidedBy, 1, 128)) return 'decidedBy: expected a string of 1..128 chars';
  return null;
}

/** The order's fields both carry: underlying and multiplier are required in a check, optional in a decision. */
function orderProblem(v: Record<string, unknown>, withUnderlying: boolean): string | null {
  if (withUnderlying && !isSymbol(v.underlying)) return 'underlying: expected an upper-case ticker';
  if (!isPositiveInt(v.conId)) return 'conId: expected a positive integer';
  if (!SIDES.has(v.side)) return 'side: expected BUY or SELL';
  if (!isPositiveInt(v.quantity)) return 'quantity: expected a positive integer';
  if (!isPositivePrice(v.price)) return 'price: expected a positive price';
  if (withUnderlying && !isPositiveInt(v.multiplier)) return 'multiplier: expected a positive integer';
  return null;
}

function decisionProblem(d: unknown): string | null {
  if (!isRecord(d)) return 'decision: expected object';
  if (d.approved === true) {
    if (typeof d.reservationId !== 'string') return 'decision.reservationId: expected a string';
    return isNonNegativeInt(d.expiresAt) ? null : 'decision.expiresAt: expected epoch ms';
  }
  if (d.approved === false) {
    if (!REASONS.has(d.code)) return 'decision.code: expected a risk reason code';
    return typeof d.message === 'string' ? null : 'decision.message: expected a string';
  }
  return 'decision.approved: expected true or false';
}
