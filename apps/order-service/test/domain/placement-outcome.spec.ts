import type { OrderPlacement, Reply } from '@arctrigger/contracts';
import { placementOutcomeUnknown, placementRefusedRetryably, placementWorthRetrying } from '../../src/domain/placement/placement-outcome';

const placement = (outcome: 'accepted' | 'unknown') => ({ ok: true, value: { orderRef: 'a.stop.1', ibOrderId: 1, permId: null, outcome } }) as Reply<OrderPlacement>;
const failure = (code: string, retryable?: boolean) => ({ ok: false, code, message: 'x', ...(retryable === undefined ? {} : { retryable }) }) as Reply<OrderPlacement>;

describe('placement answers', () => {
  it.each([
    // answer, outcome unknown, refused retryably, worth retrying
    ['accepted', placement('accepted'), false, false, false],
    ['unknown outcome', placement('unknown'), true, false, true],
    ['no answer in time', failure('TIMEOUT'), true, false, true],
    ['no gateway listening', failure('NO_RESPONDERS'), true, false, true],
    ['gateway handler failed', failure('HANDLER_FAILED', true), true, true, true],
    ['TWS disconnected (retryable)', failure('TWS_DISCONNECTED', true), false, true, true],
    ['pacing (retryable rejection)', failure('ORDER_REJECTED', true), false, true, true],
    ['broker rejection', failure('ORDER_REJECTED'), false, false, false],
    ['rejection marked not retryable', failure('ORDER_REJECTED', false), false, false, false],
    ['kill switch', failure('TRADING_HALTED'), false, false, false],
    ['off the tick grid', failure('OFF_TICK_GRID'), false, false, false],
  ])('%s', (_name, reply, unknown, refused, worth) => {
    expect(placementOutcomeUnknown(reply)).toBe(unknown);
    expect(placementRefusedRetryably(reply)).toBe(refused);
    expect(placementWorthRetrying(reply)).toBe(worth);
  });
});
