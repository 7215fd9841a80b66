import { TradeState, type TradeState as State } from '@arctrigger/contracts';

const S = TradeState;

/**
 * Named groups of trade states, beside the transition table: every rule about "a trade in one of
 * these states" asks one of these, typed by the state enum (a misspelt state does not compile).
 */
const set = (...states: State[]): ReadonlySet<State> => new Set(states);

/** The entry has not been sent: the trade can still be cancelled by disarming its trigger. */
const BEFORE_ENTRY = set(S.ARMED, S.SUSPENDED, S.PREMARKET_HIT, S.FIRED);
/** An entry order exists at the broker (or may): cancelling the trade cancels it there. */
const ENTRY_AT_BROKER = set(S.SUBMITTING, S.SUBMIT_UNKNOWN, S.WORKING, S.PARTIALLY_FILLED);
/** Entry executions may still arrive (their fills join the firing's trace). */
const ENTRY_MAY_FILL = set(S.FIRED, S.SUBMITTING, S.SUBMIT_UNKNOWN, S.WORKING, S.PARTIALLY_FILLED);
/** The entry has filled completely (or its remainder ended): a late entry fill only adds to it. */
const ENTRY_COMPLETE = set(S.OPEN, S.PROTECTED, S.EXITING, S.CLOSED);
/** The trade's option quote is needed: to price the entry now or when it fires. */
const NEEDS_OPTION_QUOTE = set(S.ARMED, S.SUSPENDED, S.PREMARKET_HIT, S.FIRED, S.SUBMITTING, S.SUBMIT_UNKNOWN, S.WORKING, S.PARTIALLY_FILLED);
/** A working LMT entry can be repriced. */
const ENTRY_REPRICEABLE = set(S.WORKING, S.PARTIALLY_FILLED);
/** The trade holds contracts: exits, breakeven, take-profit and the broker's protective stop apply. */
const HOLDS_POSITION = set(S.PARTIALLY_FILLED, S.OPEN, S.PROTECTED, S.EXITING);
/** Contracts are held and the stop trigger may still have to be armed. */
const PROTECTABLE = set(S.PARTIALLY_FILLED, S.OPEN, S.EXITING);
/** Contracts are held and no stop has been recorded for them yet: the protection deadline runs. */
const AWAITING_PROTECTION = set(S.PARTIALLY_FILLED, S.OPEN);

export const beforeEntry = (s: State) => BEFORE_ENTRY.has(s);
export const entryAtBroker = (s: State) => ENTRY_AT_BROKER.has(s);
export const entryMayFill = (s: State) => ENTRY_MAY_FILL.has(s);
export const entryComplete = (s: State) => ENTRY_COMPLETE.has(s);
export const needsOptionQuote = (s: State) => NEEDS_OPTION_QUOTE.has(s);
export const entryRepriceable = (s: State) => ENTRY_REPRICEABLE.has(s);
export const holdsPosition = (s: State) => HOLDS_POSITION.has(s);
export const protectable = (s: State) => PROTECTABLE.has(s);
export const awaitingProtection = (s: State) => AWAITING_PROTECTION.has(s);
