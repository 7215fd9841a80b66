import { TradingState } from '@arctrigger/contracts';
import { killSwitchVerdict, type TradingStateRead } from '../../src/orders/kill-switch';

const missing: TradingStateRead = { found: false };
const unreadable: TradingStateRead = { error: 'timeout' };
const record = (state: TradingState): TradingStateRead => ({ found: true, record: { state, reason: 'daily loss', changedBy: 'risk-service', at: 1 } });

describe('kill switch', () => {
  it.each([
    [record(TradingState.ACTIVE), true, undefined],
    [record(TradingState.ACTIVE), false, undefined],
    [record(TradingState.HALTED), true, 'TRADING_HALTED'],
    [record(TradingState.HALTED), false, undefined],
    [record(TradingState.REDUCING), true, 'REDUCING_ONLY'],
    [record(TradingState.REDUCING), false, undefined],
    [missing, true, 'TRADING_STATE_UNAVAILABLE'],
    [missing, false, undefined],
    [unreadable, true, 'TRADING_STATE_UNAVAILABLE'],
    [unreadable, false, undefined],
  ])('kill switch verdict for %j with opening=%s is %s', (read, opening, code) => {
    expect(killSwitchVerdict(read, opening)?.code).toBe(code);
  });

  it('kill switch refusal names who halted trading and why', () => {
    expect(killSwitchVerdict(record(TradingState.HALTED), true)?.message).toBe('Opening order refused: trading is HALTED by risk-service (daily loss).');
  });
});
