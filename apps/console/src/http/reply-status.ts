import { BusErrors, type ErrorCodeSpec, type ErrorReply, type ErrorTable, type RequestContract } from '@arctrigger/contracts';
import { ApiError } from './api-error';

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 2;

/** What a code means for a request: its own table's entry, or the bus's. */
export function specOf(errors: ErrorTable, code: string): ErrorCodeSpec | undefined {
  return errors[code] ?? (BusErrors as ErrorTable)[code];
}

/**
 * The HTTP status of a service's error reply: the HTTP meaning the request's contract declares for
 * that code (the catalogue is the only source; nothing is guessed from a code's spelling). A code
 * the contract does not declare cannot arrive — the bus refuses such a reply as INVALID_REPLY.
 */
export function statusOf(contract: RequestContract, code: string): number {
  return specOf(contract.errors, code)?.http ?? BusErrors.INVALID_REPLY.http;
}

/** Turns a service's `{ ok: false }` reply to `contract` into the ApiError the console answers with. */
export function apiErrorOf(contract: RequestContract, reply: Pick<ErrorReply, 'code' | 'message' | 'issues'>): ApiError {
  const status = statusOf(contract, reply.code);
  const issues = reply.issues && reply.issues.length > 0 ? reply.issues : undefined;
  return new ApiError(status, reply.code, reply.message, issues, status === 503 ? RETRY_AFTER_SECONDS : undefined);
}
