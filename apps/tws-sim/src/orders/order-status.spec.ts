import { OrderEvent, OrderState, transition } from './order-status';

const ALLOWED: Record<string, OrderState> = {
  'PendingSubmit|accept-held': OrderState.PRE_SUBMITTED,
  'PendingSubmit|accept-working': OrderState.SUBMITTED,
  'PendingSubmit|reject': OrderState.INACTIVE,
  'PendingSubmit|stage': OrderState.UNTRANSMITTED,
  'Untransmitted|modify': OrderState.UNTRANSMITTED,
  'Untransmitted|accept-held': OrderState.PRE_SUBMITTED,
  'Untransmitted|accept-working': OrderState.SUBMITTED,
  'Untransmitted|cancel': OrderState.CANCELLED,
  'PreSubmitted|hold': OrderState.PRE_SUBMITTED,
  'PreSubmitted|release': OrderState.SUBMITTED,
  'PreSubmitted|modify': OrderState.PRE_SUBMITTED,
  'PreSubmitted|cancel': OrderState.CANCELLED,
  'PreSubmitted|expire': OrderState.CANCELLED,
  'PreSubmitted|oca-reduce': OrderState.PRE_SUBMITTED,
  'Submitted|hold': OrderState.PRE_SUBMITTED,
  'Submitted|release': OrderState.SUBMITTED,
  'Submitted|modify': OrderState.SUBMITTED,
  'Submitted|fill-partial': OrderState.SUBMITTED,
  'Submitted|fill-complete': OrderState.FILLED,
  'Submitted|cancel': OrderState.CANCELLED,
  'Submitted|expire': OrderState.CANCELLED,
  'Submitted|oca-reduce': OrderState.SUBMITTED,
  'Cancelled|fill-complete': OrderState.FILLED,
};

const cases = Object.values(OrderState).flatMap((state) => Object.values(OrderEvent).map((event) => [state, event] as const));

describe('order status machine', () => {
  it.each(cases)('order in %s on %s moves as the table says or refuses', (state, event) => {
    const result = transition(state, event);
    const expected = ALLOWED[`${state}|${event}`];
    if (expected) expect(result).toEqual({ ok: true, state: expected });
    else expect(result.ok).toBe(false);
  });
});
