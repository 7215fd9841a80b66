import { OptionType, SecType, type Contract } from '@stoqey/ib';
import { HoldingContract } from '@arctrigger/contracts';
import { holdingContractOf } from '../../src/reconciliation/broker-snapshot-taker';

describe('holding contract', () => {
  it('holding contract describes an option position as reqPositions gives it (what adopting it qualifies again)', () => {
    const c: Contract = {
      conId: 11, symbol: 'AAPL', secType: SecType.OPT, lastTradeDateOrContractMonth: '20261127', strike: 230, right: OptionType.Put, multiplier: 100, localSymbol: 'AAPL  261127P00230000',
    };
    const described = holdingContractOf(c);
    expect(described).toEqual({ symbol: 'AAPL', secType: 'OPT', expiry: '20261127', strike: 230, right: 'PUT', multiplier: 100, localSymbol: 'AAPL  261127P00230000' });
    expect(HoldingContract.parse(described)).toEqual(described);
  });

  it.each([
    ['C', 'CALL'], ['CALL', 'CALL'], ['P', 'PUT'], ['PUT', 'PUT'], ['?', null],
  ])('holding contract reads the right %s as %s', (right, expected) => {
    expect(holdingContractOf({ conId: 11, symbol: 'AAPL', secType: SecType.OPT, right: right as OptionType, strike: 230 }).right).toBe(expected);
  });

  it('holding contract describes a stock without option fields', () => {
    expect(holdingContractOf({ conId: 265598, symbol: 'AAPL', secType: SecType.STK, localSymbol: 'AAPL' })).toEqual({
      symbol: 'AAPL', secType: 'STK', expiry: null, strike: null, right: null, multiplier: null, localSymbol: 'AAPL',
    });
  });
});
