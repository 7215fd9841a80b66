import type { OrderPlacement, Reply } from '@arctrigger/contracts';
import { placementWorthRetrying } from '../../src/app/placement-retry';

const placement = (outcome: 'accepted' | 'unknown') => ({ ok: true, value: { orderRef: 'a.stop.1', ibOrderId: 1, permId: null, outcome } }) as Reply<OrderPlacement>;
const failure = (code: string, retryable?: boolean) => ({ ok: false, code, message: 'x', ...(retryable === undefined ? {} : { retryable }) }) as Reply<OrderPlacement>;

describe('placementWorthRetrying', () => {
  it.each([
    ['accepted', placement('accepted'), false],
    ['unknown outcome', placement('unknown'), true],
    ['no answer in time', failure('TIMEOUT'), true],
    ['no gateway listening', failure('NO_RESPONDERS'), true],
    ['gateway handler failed', failure('HANDLER_FAILED'), true],
    ['TWS disconnected (retryable)', failure('TWS_DISCONNECTED', true), true],
    ['broker rejection', failure('ORDER_REJECTED'), false],
    ['rejection marked not retryable', failure('ORDER_REJECTED', false), false],
    ['kill switch', failure('TRADING_HALTED'), false],
    ['off the tick grid', failure('OFF_TICK_GRID'), false],
  ])('%s → %s', (_name, reply, expected) => {
    expect(placementWorthRetrying(reply)).toBe(expected);
  });
});
