import { TradingState } from '@arctrigger/contracts';

/** What can move the trading state: an admin's command, or the loss monitor. */
export const TradingStateEvent = {
  SET_ACTIVE: 'SET_ACTIVE',
  SET_REDUCING: 'SET_REDUCING',
  SET_HALTED: 'SET_HALTED',
  LOSS_LIMIT_BREACHED: 'LOSS_LIMIT_BREACHED',
} as const;
export type TradingStateEvent = (typeof TradingStateEvent)[keyof typeof TradingStateEvent];

const { ACTIVE, REDUCING, HALTED } = TradingState;
const { SET_ACTIVE, SET_REDUCING, SET_HALTED, LOSS_LIMIT_BREACHED } = TradingStateEvent;

/**
 * Every legal edge, one per line. An admin may move between any two states, including to the
 * same one (HALTED → HALTED runs the kill switch again, e.g. after the trigger-service came back).
 * A loss breach only ever tightens: ACTIVE → REDUCING; in REDUCING or HALTED it changes nothing.
 */
const EDGES: ReadonlyArray<readonly [TradingState, TradingStateEvent, TradingState]> = [
  [ACTIVE, SET_ACTIVE, ACTIVE],
  [ACTIVE, SET_REDUCING, REDUCING],
  [ACTIVE, SET_HALTED, HALTED],
  [ACTIVE, LOSS_LIMIT_BREACHED, REDUCING],
  [REDUCING, SET_ACTIVE, ACTIVE],
  [REDUCING, SET_REDUCING, REDUCING],
  [REDUCING, SET_HALTED, HALTED],
  [HALTED, SET_ACTIVE, ACTIVE],
  [HALTED, SET_REDUCING, REDUCING],
  [HALTED, SET_HALTED, HALTED],
];

export type Transition = { ok: true; to: TradingState } | { ok: false; code: 'NO_TRANSITION'; message: string };

export function transitionTradingState(from: TradingState, event: TradingStateEvent): Transition {
  const edge = EDGES.find(([f, e]) => f === from && e === event);
  if (edge) return { ok: true, to: edge[2] };
  return { ok: false, code: 'NO_TRANSITION', message: `${event} does not apply while trading is ${from}` };
}

export function commandEventFor(state: TradingState): TradingStateEvent {
  return state === ACTIVE ? SET_ACTIVE : state === REDUCING ? SET_REDUCING : SET_HALTED;
}
