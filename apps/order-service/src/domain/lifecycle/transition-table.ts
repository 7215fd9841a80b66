import { TradeEventType, TradeState } from '@arctrigger/contracts';

const S = TradeState;
const E = TradeEventType;

type Edge = readonly [from: TradeState, event: TradeEventType, to: TradeState];

type Creation = readonly [event: TradeEventType, to: TradeState];

/**
 * The events that create a trade, from nothing, and the state each starts it in. They never apply
 * to a trade that exists (no edge below takes them), and no other event creates one.
 */
export const CREATIONS: readonly Creation[] = [
  [E.ARMED, S.ARMED],
  // An external position taken over by an admin: the trade holds contracts from its first event and
  // is protected as after an entry fill (`protected` takes it to PROTECTED).
  [E.ADOPTED, S.OPEN],
];

/**
 * The trade lifecycle: every legal edge, one per line. Anything not listed is an invalid
 * transition. The creations above are not edges.
 */
export const TRANSITIONS: readonly Edge[] = [
  [S.ARMED, E.MODIFIED, S.ARMED],
  [S.ARMED, E.PREMARKET_HIT, S.PREMARKET_HIT],
  [S.ARMED, E.FIRED, S.FIRED],
  // The hold policy re-arms the entry trigger at the open (a new trigger id).
  [S.ARMED, E.ENTRY_REARMED, S.ARMED],
  // Rebase keeps following the premarket high/low: each new premarket crossing rebases again.
  [S.ARMED, E.REBASED, S.ARMED],
  [S.ARMED, E.CANCELLED, S.CANCELLED],
  // The entry trigger was disarmed or expired by someone else (expiry, a person at the trigger-service).
  [S.ARMED, E.FAILED, S.FAILED],
  // Trading left ACTIVE (HALTED, REDUCING): the entry trigger is disarmed, the trade is kept.
  [S.ARMED, E.SUSPENDED, S.SUSPENDED],

  // Trading is ACTIVE again: the entry is armed again (or its reset first, when the level was crossed meanwhile).
  [S.SUSPENDED, E.RESUMED, S.ARMED],
  // While suspended the trader may still change or cancel the trade; the entry could not be armed again.
  [S.SUSPENDED, E.MODIFIED, S.SUSPENDED],
  [S.SUSPENDED, E.CANCELLED, S.CANCELLED],
  [S.SUSPENDED, E.FAILED, S.FAILED],

  [S.PREMARKET_HIT, E.REBASED, S.ARMED],
  [S.PREMARKET_HIT, E.HELD, S.ARMED],
  [S.PREMARKET_HIT, E.CANCELLED, S.CANCELLED],

  [S.FIRED, E.SUBMITTING, S.SUBMITTING],
  // Sizing below one contract, or a risk denial: refused before anything reaches the broker.
  [S.FIRED, E.REJECTED, S.REJECTED],
  // No usable quote within the wait, or a contract problem.
  [S.FIRED, E.FAILED, S.FAILED],
  [S.FIRED, E.CANCELLED, S.CANCELLED],

  [S.SUBMITTING, E.ACCEPTED, S.WORKING],
  [S.SUBMITTING, E.SUBMIT_UNKNOWN, S.SUBMIT_UNKNOWN],
  [S.SUBMITTING, E.REJECTED, S.REJECTED],
  // A fill can overtake the placement acknowledgement.
  [S.SUBMITTING, E.PARTIALLY_FILLED, S.PARTIALLY_FILLED],
  [S.SUBMITTING, E.FILLED, S.OPEN],
  [S.SUBMITTING, E.CANCELLED, S.CANCELLED],

  // Resolved by asking the gateway again (orderRef is idempotent) or by reconciliation: never re-sent blindly.
  [S.SUBMIT_UNKNOWN, E.ACCEPTED, S.WORKING],
  [S.SUBMIT_UNKNOWN, E.NOT_FOUND, S.FAILED],
  [S.SUBMIT_UNKNOWN, E.REJECTED, S.REJECTED],
  [S.SUBMIT_UNKNOWN, E.PARTIALLY_FILLED, S.PARTIALLY_FILLED],
  [S.SUBMIT_UNKNOWN, E.FILLED, S.OPEN],
  [S.SUBMIT_UNKNOWN, E.CANCELLED, S.CANCELLED],

  [S.WORKING, E.REPRICED, S.WORKING],
  // IB `Inactive` is not always final (e.g. held outside RTH): recorded, the order keeps working.
  [S.WORKING, E.BROKER_INACTIVE, S.WORKING],
  [S.WORKING, E.PARTIALLY_FILLED, S.PARTIALLY_FILLED],
  [S.WORKING, E.FILLED, S.OPEN],
  // A working order can still be refused (201 after PreSubmitted, 110 on a modify).
  [S.WORKING, E.REJECTED, S.REJECTED],
  [S.WORKING, E.CANCELLED, S.CANCELLED],

  [S.PARTIALLY_FILLED, E.PARTIALLY_FILLED, S.PARTIALLY_FILLED],
  [S.PARTIALLY_FILLED, E.FILLED, S.OPEN],
  [S.PARTIALLY_FILLED, E.REPRICED, S.PARTIALLY_FILLED],
  [S.PARTIALLY_FILLED, E.BROKER_INACTIVE, S.PARTIALLY_FILLED],
  // Protection is armed within 1 s of the FIRST fill, before the rest has filled.
  [S.PARTIALLY_FILLED, E.PROTECTED, S.PARTIALLY_FILLED],
  [S.PARTIALLY_FILLED, E.PROTECTION_FAILED, S.PARTIALLY_FILLED],
  [S.PARTIALLY_FILLED, E.STOP_MOVED, S.PARTIALLY_FILLED],
  // The rest of the entry was cancelled or refused: the position is what filled.
  [S.PARTIALLY_FILLED, E.REMAINDER_CANCELLED, S.OPEN],
  [S.PARTIALLY_FILLED, E.STOP_FIRED, S.EXITING],
  [S.PARTIALLY_FILLED, E.EXIT_SUBMITTED, S.EXITING],
  // The protective stop sold while the rest of the entry still works: the position is reduced
  // (never closed while the entry may still buy).
  [S.PARTIALLY_FILLED, E.EXIT_PARTIALLY_FILLED, S.PARTIALLY_FILLED],

  // A fill after the cancel acknowledgement (IB sends them): the position is real and must be protected.
  [S.CANCELLED, E.PARTIALLY_FILLED, S.OPEN],
  [S.CANCELLED, E.FILLED, S.OPEN],
  // A fill after a rejection (a 201 after a partial fill at another venue) or after reconciliation
  // found no trace of the entry ("not found"): the broker's execution wins, the trade holds it.
  [S.REJECTED, E.PARTIALLY_FILLED, S.OPEN],
  [S.REJECTED, E.FILLED, S.OPEN],
  [S.FAILED, E.PARTIALLY_FILLED, S.OPEN],
  [S.FAILED, E.FILLED, S.OPEN],
  // Fired and placed on approval before `submitting` was stored (a restart between the two): the fill still counts.
  [S.FIRED, E.PARTIALLY_FILLED, S.PARTIALLY_FILLED],
  [S.FIRED, E.FILLED, S.OPEN],

  [S.OPEN, E.PROTECTED, S.PROTECTED],
  [S.OPEN, E.PROTECTION_FAILED, S.OPEN],
  // A late entry fill after the remainder's cancel adds to the position.
  [S.OPEN, E.FILLED, S.OPEN],
  [S.OPEN, E.EXIT_SUBMITTED, S.EXITING],
  [S.OPEN, E.STOP_FIRED, S.EXITING],

  [S.PROTECTED, E.STOP_MOVED, S.PROTECTED],
  [S.PROTECTED, E.FILLED, S.PROTECTED],
  [S.PROTECTED, E.STOP_FIRED, S.EXITING],
  [S.PROTECTED, E.EXIT_SUBMITTED, S.EXITING],

  [S.EXITING, E.EXIT_ACCEPTED, S.EXITING],
  [S.EXITING, E.EXIT_SUBMITTED, S.EXITING],
  [S.EXITING, E.EXIT_PARTIALLY_FILLED, S.EXITING],
  [S.EXITING, E.STOP_FIRED, S.EXITING],
  [S.EXITING, E.STOP_MOVED, S.EXITING],
  [S.EXITING, E.PROTECTED, S.EXITING],
  [S.EXITING, E.FILLED, S.EXITING],
  [S.EXITING, E.EXIT_ENDED, S.EXITING],
  // An exit finished (filled, cancelled or refused), no other exit works, and a position remains.
  [S.EXITING, E.EXIT_DONE, S.PROTECTED],
  [S.EXITING, E.EXIT_DONE_UNPROTECTED, S.OPEN],
  // Final only when the live quantity (from executions) is zero — never when an exit is submitted.
  [S.EXITING, E.CLOSED, S.CLOSED],

  // A sell fill after its exit's cancel acknowledgement still reduces (or closes) the position.
  [S.OPEN, E.EXIT_PARTIALLY_FILLED, S.OPEN],
  [S.OPEN, E.CLOSED, S.CLOSED],
  [S.PROTECTED, E.EXIT_PARTIALLY_FILLED, S.PROTECTED],
  [S.PROTECTED, E.CLOSED, S.CLOSED],

  // A late entry fill after the position was closed reopens it; it is protected again.
  [S.CLOSED, E.FILLED, S.OPEN],
  // A sell filled after the trade closed (two sellers at the broker): booked, the position goes
  // short (`shortQuantity`), alerted FILL_AFTER_CLOSE; a person decides, nothing trades it.
  [S.CLOSED, E.EXIT_PARTIALLY_FILLED, S.CLOSED],

  // Commission reports change no state; they arrive on their own consumer, so before or after the
  // fill — and are booked in every state, whatever the trade's state when its execution came.
  [S.ARMED, E.COMMISSION_CHARGED, S.ARMED],
  [S.SUSPENDED, E.COMMISSION_CHARGED, S.SUSPENDED],
  [S.PREMARKET_HIT, E.COMMISSION_CHARGED, S.PREMARKET_HIT],
  [S.FIRED, E.COMMISSION_CHARGED, S.FIRED],
  [S.REJECTED, E.COMMISSION_CHARGED, S.REJECTED],
  [S.FAILED, E.COMMISSION_CHARGED, S.FAILED],
  [S.SUBMITTING, E.COMMISSION_CHARGED, S.SUBMITTING],
  [S.SUBMIT_UNKNOWN, E.COMMISSION_CHARGED, S.SUBMIT_UNKNOWN],
  [S.WORKING, E.COMMISSION_CHARGED, S.WORKING],
  [S.PARTIALLY_FILLED, E.COMMISSION_CHARGED, S.PARTIALLY_FILLED],
  [S.OPEN, E.COMMISSION_CHARGED, S.OPEN],
  [S.PROTECTED, E.COMMISSION_CHARGED, S.PROTECTED],
  [S.EXITING, E.COMMISSION_CHARGED, S.EXITING],
  [S.CLOSED, E.COMMISSION_CHARGED, S.CLOSED],
  [S.CANCELLED, E.COMMISSION_CHARGED, S.CANCELLED],

  // The protection deadline passed with the position still unprotected: recorded as an alert, retries go on.
  [S.PARTIALLY_FILLED, E.PROTECTION_OVERDUE, S.PARTIALLY_FILLED],
  [S.OPEN, E.PROTECTION_OVERDUE, S.OPEN],

  // The broker-side protective stop is a standing backstop, not an exit in progress: no state change.
  [S.PARTIALLY_FILLED, E.GUARD_PLACED, S.PARTIALLY_FILLED],
  [S.OPEN, E.GUARD_PLACED, S.OPEN],
  [S.PROTECTED, E.GUARD_PLACED, S.PROTECTED],
  [S.EXITING, E.GUARD_PLACED, S.EXITING],
  [S.PARTIALLY_FILLED, E.GUARD_UPDATED, S.PARTIALLY_FILLED],
  [S.OPEN, E.GUARD_UPDATED, S.OPEN],
  [S.PROTECTED, E.GUARD_UPDATED, S.PROTECTED],
  [S.EXITING, E.GUARD_UPDATED, S.EXITING],
  [S.CLOSED, E.GUARD_UPDATED, S.CLOSED],

  // The auditor found the stop trigger not live (disarmed, fired or lost behind the trade's back) and
  // the order-service confirmed it: the position is unprotected again until a new stop is armed.
  [S.PARTIALLY_FILLED, E.STOP_LOST, S.PARTIALLY_FILLED],
  [S.OPEN, E.STOP_LOST, S.OPEN],
  [S.PROTECTED, E.STOP_LOST, S.OPEN],
  [S.EXITING, E.STOP_LOST, S.EXITING],
];

const table = new Map<string, TradeState>(TRANSITIONS.map(([from, event, to]) => [`${from}|${event}`, to]));

export type TransitionResult = { ok: true; to: TradeState } | { ok: false; code: 'INVALID_TRANSITION'; message: string };

/** Where `event` takes a trade in state `from`, or the refusal. */
export function transition(from: TradeState, event: TradeEventType): TransitionResult {
  const to = table.get(`${from}|${event}`);
  if (to) return { ok: true, to };
  return { ok: false, code: 'INVALID_TRANSITION', message: `a trade in ${from} cannot take '${event}'` };
}

const creations = new Map<TradeEventType, TradeState>(CREATIONS);

/** The state `event` starts a new trade in, or the refusal when it does not create trades. */
export function creation(event: TradeEventType): TransitionResult {
  const to = creations.get(event);
  if (to) return { ok: true, to };
  return { ok: false, code: 'INVALID_TRANSITION', message: `'${event}' does not create a trade` };
}

export function canTransition(from: TradeState, event: TradeEventType): boolean {
  return table.has(`${from}|${event}`);
}

/** States no event leaves except the broker oddities listed above (late fills, commissions). */
export const FINAL_STATES: readonly TradeState[] = [S.CLOSED, S.REJECTED, S.CANCELLED, S.FAILED];

export function isFinal(state: TradeState): boolean {
  return FINAL_STATES.includes(state);
}
