import { Session, Side } from '../core/enums';
import { isIdToken, isNonNegativeInt, isOneOf, isOrderRef, isPositiveInt, isPositivePrice, isRecord, isStringOfLength, isSymbol, valuesOf } from '../core/hand-check';
import { RiskReasons } from './risk-check';

const SIDES = valuesOf(Side);
const SESSIONS = valuesOf(Session);
const PURPOSES = valuesOf(['arm', 'fire']);
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
  return orderProblem(v, true)
    ?? (typeof v.opening !== 'boolean' ? 'opening: expected a boolean' : null)
    ?? (!isOneOf(SESSIONS, v.session) ? `session: expected one of ${[...SESSIONS].join(', ')}` : null)
    ?? (v.ask !== null && !isPositivePrice(v.ask) ? 'ask: expected a positive price or null' : null)
    ?? (!isOneOf(PURPOSES, v.purpose) ? 'purpose: expected arm or fire' : null);
}

export function riskDecidedProblem(v: unknown): string | null {
  if (!isRecord(v)) return '(root): expected object';
  if (!isStringOfLength(v.checkId, 1, 128)) return 'checkId: expected a string of 1..128 chars';
  if (!isOrderRef(v.orderRef)) return 'orderRef: expected <tradeId>.<entry|stop|tp|flat|guard>.<attempt>';
  if (!isIdToken(v.tradeId)) return 'tradeId: expected letters, digits, _ or -, 1..64 chars';
  return orderProblem(v, false)
    ?? (typeof v.opening !== 'boolean' ? 'opening: expected a boolean' : null)
    ?? decisionProblem(v.decision)
    ?? (!isNonNegativeInt(v.decidedAt) ? 'decidedAt: expected epoch ms' : null)
    ?? (v.underlying !== undefined && !isSymbol(v.underlying) ? 'underlying: expected an upper-case ticker' : null)
    ?? (v.multiplier !== undefined && !isPositiveInt(v.multiplier) ? 'multiplier: expected a positive integer' : null)
    ?? (v.decidedBy !== undefined && !isStringOfLength(v.decidedBy, 1, 128) ? 'decidedBy: expected a string of 1..128 chars' : null);
}

/** The order's fields both carry: underlying and multiplier are required in a check, optional in a decision. */
function orderProblem(v: Record<string, unknown>, withUnderlying: boolean): string | null {
  if (withUnderlying && !isSymbol(v.underlying)) return 'underlying: expected an upper-case ticker';
  if (!isPositiveInt(v.conId)) return 'conId: expected a positive integer';
  if (!isOneOf(SIDES, v.side)) return 'side: expected BUY or SELL';
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
    if (!isOneOf(REASONS, d.code)) return 'decision.code: expected a risk reason code';
    return typeof d.message === 'string' ? null : 'decision.message: expected a string';
  }
  return 'decision.approved: expected true or false';
}
