import type { OrderPlacement, Reply } from '@arctrigger/contracts';

/** The request itself got no answer: the gateway may or may not have placed the order. */
const NO_ANSWER = ['TIMEOUT', 'NO_RESPONDERS', 'HANDLER_FAILED'];

/**
 * Whether a placement answer means "ask again later with the same orderRef": no answer at all, an
 * `unknown` outcome, or a failure the gateway marks retryable (TWS disconnected, pacing: nothing
 * reached the broker). The orderRef keeps the retry from ever becoming a second order.
 */
export function placementWorthRetrying(reply: Reply<OrderPlacement>): boolean {
  if (reply.ok) return reply.value.outcome !== 'accepted';
  return NO_ANSWER.includes(reply.code) || reply.retryable === true;
}
