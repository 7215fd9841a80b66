import { BusErrorCode, RiskReasonCode, type ErrorReply } from '@arctrigger/contracts';
import { ApiError } from './api-error';

/** Codes that mean "the service did not answer (in time)": the caller may retry. */
const UNAVAILABLE = new Set<string>([
  BusErrorCode.TIMEOUT,
  BusErrorCode.NO_RESPONDERS,
  BusErrorCode.HANDLER_FAILED,
  'LOOKUP_TIMEOUT',
  'TWS_DISCONNECTED',
  'TRADING_STATE_UNAVAILABLE',
]);
const NOT_FOUND = new Set<string>(['NOT_FOUND', 'TRADE_NOT_FOUND', 'CONTRACT_NOT_FOUND', 'EXPIRY_NOT_FOUND', 'MARKET_RULE_NOT_FOUND', 'NO_QUOTE']);
const CONFLICT = new Set<string>(['CONFLICT', 'INVALID_TRANSITION', 'NO_TRANSITION', 'NOT_ARMED', 'TRIGGER_EXISTS', 'TRADE_EXISTS']);
const RISK_CODES = new Set<string>(Object.values(RiskReasonCode));

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * The HTTP status for a service's error reply. A denied risk check and any other refusal by a
 * service's rules is 422 with the service's code; the bus's own failures map to 400 / 502 / 503.
 */
export function statusOfErrorCode(code: string): number {
  if (code === BusErrorCode.INVALID_REQUEST) return 400;
  if (UNAVAILABLE.has(code)) return 503;
  if (code === BusErrorCode.INVALID_REPLY) return 502;
  if (NOT_FOUND.has(code)) return 404;
  if (CONFLICT.has(code)) return 409;
  if (RISK_CODES.has(code)) return 422;
  return 422;
}

/** Turns a service's `{ ok: false }` reply into the ApiError the console answers with. */
export function apiErrorOf(reply: ErrorReply): ApiError {
  const status = statusOfErrorCode(reply.code);
  const issues = reply.issues && reply.issues.length > 0 ? reply.issues : undefined;
  return new ApiError(status, reply.code, reply.message, issues, status === 503 ? RETRY_AFTER_SECONDS : undefined);
}
