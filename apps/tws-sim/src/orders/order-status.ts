/** Order statuses as TWS reports them in orderStatus / openOrder. */
export const OrderState = {
  PENDING: 'PendingSubmit',
  PRE_SUBMITTED: 'PreSubmitted',
  SUBMITTED: 'Submitted',
  FILLED: 'Filled',
  CANCELLED: 'Cancelled',
  INACTIVE: 'Inactive',
  /** Placed with transmit=false: kept by TWS, not sent to IB. Reported to clients as Inactive. */
  UNTRANSMITTED: 'Untransmitted',
} as const;
export type OrderState = (typeof OrderState)[keyof typeof OrderState];

export const OrderEvent = {
  ACCEPT_HELD: 'accept-held',
  ACCEPT_WORKING: 'accept-working',
  REJECT: 'reject',
  /** placeOrder with transmit=false. */
  STAGE: 'stage',
  HOLD: 'hold',
  RELEASE: 'release',
  MODIFY: 'modify',
  FILL_PARTIAL: 'fill-partial',
  FILL_COMPLETE: 'fill-complete',
  CANCEL: 'cancel',
  EXPIRE: 'expire',
  /** Another order of the OCA group executed; this one's size shrinks (ocaType 2 / 3). */
  OCA_REDUCE: 'oca-reduce',
} as const;
export type OrderEvent = (typeof OrderEvent)[keyof typeof OrderEvent];

type Edge = `${OrderState}|${OrderEvent}`;

/** Every legal edge, one per line; anything else is refused. */
const TRANSITIONS: Partial<Record<Edge, OrderState>> = {
  'PendingSubmit|accept-held': OrderState.PRE_SUBMITTED,
  'PendingSubmit|accept-working': OrderState.SUBMITTED,
  'PendingSubmit|reject': OrderState.INACTIVE,
  'PendingSubmit|stage': OrderState.UNTRANSMITTED,
  // Placed again with transmit=false: still held in TWS, with the new terms.
  'Untransmitted|modify': OrderState.UNTRANSMITTED,
  // Placed again with transmit=true: sent to IB and accepted like a new order.
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
  // A fill can arrive after the cancel acknowledgement (the exchange filled before it saw the cancel).
  'Cancelled|fill-complete': OrderState.FILLED,
};

export type TransitionResult = { ok: true; state: OrderState } | { ok: false; code: 'INVALID_TRANSITION'; message: string };

export function transition(state: OrderState, event: OrderEvent): TransitionResult {
  const next = TRANSITIONS[`${state}|${event}`];
  if (next === undefined) return { ok: false, code: 'INVALID_TRANSITION', message: `${event} is not allowed in ${state}` };
  return { ok: true, state: next };
}

/** The status string TWS sends for a state: an untransmitted order shows as Inactive. */
export function wireStatus(state: OrderState): string {
  return state === OrderState.UNTRANSMITTED ? OrderState.INACTIVE : state;
}

export function isWorking(state: OrderState): boolean {
  return state === OrderState.PRE_SUBMITTED || state === OrderState.SUBMITTED;
}
