/** Order statuses as TWS reports them in orderStatus / openOrder. */
export const OrderState = {
  PENDING: 'PendingSubmit',
  PRE_SUBMITTED: 'PreSubmitted',
  SUBMITTED: 'Submitted',
  FILLED: 'Filled',
  CANCELLED: 'Cancelled',
  INACTIVE: 'Inactive',
} as const;
export type OrderState = (typeof OrderState)[keyof typeof OrderState];

export const OrderEvent = {
  ACCEPT_HELD: 'accept-held',
  ACCEPT_WORKING: 'accept-working',
  REJECT: 'reject',
  HOLD: 'hold',
  RELEASE: 'release',
  MODIFY: 'modify',
  FILL_PARTIAL: 'fill-partial',
  FILL_COMPLETE: 'fill-complete',
  CANCEL: 'cancel',
  EXPIRE: 'expire',
} as const;
export type OrderEvent = (typeof OrderEvent)[keyof typeof OrderEvent];

type Edge = `${OrderState}|${OrderEvent}`;

/** Every legal edge, one per line; anything else is refused. */
const TRANSITIONS: Partial<Record<Edge, OrderState>> = {
  'PendingSubmit|accept-held': OrderState.PRE_SUBMITTED,
  'PendingSubmit|accept-working': OrderState.SUBMITTED,
  'PendingSubmit|reject': OrderState.INACTIVE,
  'PreSubmitted|hold': OrderState.PRE_SUBMITTED,
  'PreSubmitted|release': OrderState.SUBMITTED,
  'PreSubmitted|modify': OrderState.PRE_SUBMITTED,
  'PreSubmitted|cancel': OrderState.CANCELLED,
  'PreSubmitted|expire': OrderState.CANCELLED,
  'Submitted|hold': OrderState.PRE_SUBMITTED,
  'Submitted|release': OrderState.SUBMITTED,
  'Submitted|modify': OrderState.SUBMITTED,
  'Submitted|fill-partial': OrderState.SUBMITTED,
  'Submitted|fill-complete': OrderState.FILLED,
  'Submitted|cancel': OrderState.CANCELLED,
  'Submitted|expire': OrderState.CANCELLED,
  // A fill can arrive after the cancel acknowledgement (the exchange filled before it saw the cancel).
  'Cancelled|fill-complete': OrderState.FILLED,
};

export type TransitionResult = { ok: true; state: OrderState } | { ok: false; code: 'INVALID_TRANSITION'; message: string };

export function transition(state: OrderState, event: OrderEvent): TransitionResult {
  const next = TRANSITIONS[`${state}|${event}`];
  if (next === undefined) return { ok: false, code: 'INVALID_TRANSITION', message: `${event} is not allowed in ${state}` };
  return { ok: true, state: next };
}

export function isWorking(state: OrderState): boolean {
  return state === OrderState.PRE_SUBMITTED || state === OrderState.SUBMITTED;
}
