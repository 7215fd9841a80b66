import { TriggerStatus } from '@arctrigger/contracts';
import { TriggerTransition, transition } from '../../src/app/trigger-status';

const S = TriggerStatus;
const T = TriggerTransition;

// Every status × transition, with the expected result (a status, or null = refused).
const cases: Array<[TriggerStatus, TriggerTransition, TriggerStatus | null]> = [
  [S.ARMED, T.FEED_STALE, S.WAITING_FRESH_DATA],
  [S.ARMED, T.FEED_FRESH, S.ARMED],
  [S.ARMED, T.MODIFY, S.ARMED],
  [S.ARMED, T.FIRE, S.FIRED],
  [S.ARMED, T.DISARM, S.DISARMED],
  [S.ARMED, T.EXPIRE, S.EXPIRED],
  [S.WAITING_FRESH_DATA, T.FEED_STALE, S.WAITING_FRESH_DATA],
  [S.WAITING_FRESH_DATA, T.FEED_FRESH, S.ARMED],
  [S.WAITING_FRESH_DATA, T.MODIFY, S.WAITING_FRESH_DATA],
  [S.WAITING_FRESH_DATA, T.FIRE, null],
  [S.WAITING_FRESH_DATA, T.DISARM, S.DISARMED],
  [S.WAITING_FRESH_DATA, T.EXPIRE, S.EXPIRED],
  ...[S.FIRED, S.DISARMED, S.EXPIRED].flatMap((final) =>
    Object.values(T).map((on): [TriggerStatus, TriggerTransition, null] => [final, on, null]),
  ),
];

describe('trigger status', () => {
  it('trigger status table covers every status and transition', () => {
    expect(cases).toHaveLength(Object.values(S).length * Object.values(T).length);
  });

  it.each(cases)('trigger status %s on %s gives %s', (from, on, to) => {
    const result = transition(from, on);
    if (to === null) expect(result).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    else expect(result).toEqual({ ok: true, status: to });
  });
});
