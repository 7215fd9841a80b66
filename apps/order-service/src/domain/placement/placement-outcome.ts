import { BusErrorCode, type OrderPlacement, type Reply } from '@arctrigger/contracts';

/** The request itself got no answer: the gateway may or may not have placed the order. */
const NO_ANSWER: ReadonlySet<string> = new Set<BusErrorCode>([BusErrorCode.TIMEOUT, BusErrorCode.NO_RESPONDERS, BusErrorCode.HANDLER_FAILED]);

/** Not known whether the order reached the broker: no answer at all, or an `unknown` outcome. */
export function placementOutcomeUnknown(reply: Reply<OrderPlacement>): boolean {
  return reply.ok ? reply.value.outcome !== 'accepted' : NO_ANSWER.has(reply.code);
}

/** Known not placed, for a passing reason the gateway marks retryable (TWS disconnected, pacing). */
export function placementRefusedRetryably(reply: Reply<OrderPlacement>): boolean {
  return !reply.ok && reply.retryable === true;
}

/**
 * Whether a placement answer means "ask again later with the same orderRef" — an unknown outcome
 * or a retryable refusal. The orderRef keeps the retry from ever becoming a second order.
 */
export function placementWorthRetrying(reply: Reply<OrderPlacement>): boolean {
  return placementOutcomeUnknown(reply) || placementRefusedRetryably(reply);
}
