import { TriggerStatus } from '@arctrigger/contracts';

/** What can happen to a trigger. */
export const TriggerTransition = {
  FEED_STALE: 'feed-stale',
  FEED_FRESH: 'feed-fresh',
  MODIFY: 'modify',
  FIRE: 'fire',
  DISARM: 'disarm',
  EXPIRE: 'expire',
} as const;
export type TriggerTransition = (typeof TriggerTransition)[keyof typeof TriggerTransition];

const { ARMED, WAITING_FRESH_DATA: WAITING, FIRED, DISARMED, EXPIRED } = TriggerStatus;
const T = TriggerTransition;

/**
 * The trigger lifecycle: one legal edge per line; every other (status, transition) is refused.
 * fired / disarmed / expired are final.
 */
const EDGES: ReadonlyArray<readonly [TriggerStatus, TriggerTransition, TriggerStatus]> = [
  [ARMED, T.FEED_STALE, WAITING],
  [ARMED, T.FEED_FRESH, ARMED],
  [ARMED, T.MODIFY, ARMED],
  [ARMED, T.FIRE, FIRED],
  [ARMED, T.DISARM, DISARMED],
  [ARMED, T.EXPIRE, EXPIRED],
  [WAITING, T.FEED_STALE, WAITING],
  [WAITING, T.FEED_FRESH, ARMED],
  [WAITING, T.MODIFY, WAITING],
  // Firing needs a fresh tick, and a fresh tick first moves the trigger back to armed.
  [WAITING, T.DISARM, DISARMED],
  [WAITING, T.EXPIRE, EXPIRED],
];

const table = new Map(EDGES.map(([from, on, to]) => [`${from}|${on}`, to]));

export type TransitionResult =
  | { ok: true; status: TriggerStatus }
  | { ok: false; code: 'INVALID_TRANSITION'; message: string };

export function transition(from: TriggerStatus, on: TriggerTransition): TransitionResult {
  const to = table.get(`${from}|${on}`);
  if (to) return { ok: true, status: to };
  return { ok: false, code: 'INVALID_TRANSITION', message: `a ${from} trigger cannot ${on}` };
}

export function isLive(status: TriggerStatus): boolean {
  return status === ARMED || status === WAITING;
}
