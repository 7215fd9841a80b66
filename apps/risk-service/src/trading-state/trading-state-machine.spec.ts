import { TradingState } from '@arctrigger/contracts';
import { transitionTradingState, TradingStateEvent } from './trading-state-machine';

const { ACTIVE, REDUCING, HALTED } = TradingState;
const { SET_ACTIVE, SET_REDUCING, SET_HALTED, LOSS_LIMIT_BREACHED } = TradingStateEvent;

// Every state × event pair: the resulting state, or null where the event is refused.
const table: Array<[TradingState, TradingStateEvent, TradingState | null]> = [
  [ACTIVE, SET_ACTIVE, ACTIVE],
  [ACTIVE, SET_REDUCING, REDUCING],
  [ACTIVE, SET_HALTED, HALTED],
  [ACTIVE, LOSS_LIMIT_BREACHED, REDUCING],
  [REDUCING, SET_ACTIVE, ACTIVE],
  [REDUCING, SET_REDUCING, REDUCING],
  [REDUCING, SET_HALTED, HALTED],
  [REDUCING, LOSS_LIMIT_BREACHED, null],
  [HALTED, SET_ACTIVE, ACTIVE],
  [HALTED, SET_REDUCING, REDUCING],
  [HALTED, SET_HALTED, HALTED],
  [HALTED, LOSS_LIMIT_BREACHED, null],
];

describe('trading state machine', () => {
  it('trading state table covers every state and event', () => {
    expect(table).toHaveLength(Object.keys(TradingState).length * Object.keys(TradingStateEvent).length);
  });

  it.each(table)('trading state %s on %s moves to %s', (from, event, to) => {
    const result = transitionTradingState(from, event);
    if (to === null) expect(result).toEqual({ ok: false, code: 'NO_TRANSITION', message: `${event} does not apply while trading is ${from}` });
    else expect(result).toEqual({ ok: true, to });
  });
});
