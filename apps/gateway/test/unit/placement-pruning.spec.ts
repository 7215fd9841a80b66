import { ConId, IbOrderId, OrderRef } from '@arctrigger/contracts';
import { isPrunable, PlacementState, type PlacementRecord } from '../../src/orders/placement-record';

const CUTOFF = 1_000_000;
const record = (state: PlacementState, tif: 'DAY' | 'GTC', updatedAt: number): PlacementRecord => ({
  orderRef: OrderRef.parse('t1.entry.1'), ibOrderId: IbOrderId.parse(5), clientId: 7, permId: null, state,
  order: { conId: ConId.parse(265598), side: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: 1, tif, outsideRth: false, opening: true },
  rejection: null, createdAt: updatedAt, updatedAt,
});

describe('placement pruning', () => {
  it.each([
    ['rejected, old', record(PlacementState.REJECTED, 'DAY', CUTOFF - 1), true],
    ['not found, old', record(PlacementState.NOT_FOUND, 'GTC', CUTOFF - 1), true],
    ['accepted DAY, old', record(PlacementState.ACCEPTED, 'DAY', CUTOFF - 1), true],
    ['accepted GTC, old (may still work)', record(PlacementState.ACCEPTED, 'GTC', CUTOFF - 1), false],
    ['unknown, old (still to resolve)', record(PlacementState.UNKNOWN, 'DAY', CUTOFF - 1), false],
    ['sending, old (still to resolve)', record(PlacementState.SENDING, 'DAY', CUTOFF - 1), false],
    ['rejected, at the cutoff', record(PlacementState.REJECTED, 'DAY', CUTOFF), false],
    ['accepted DAY, recent', record(PlacementState.ACCEPTED, 'DAY', CUTOFF + 1), false],
  ])('%s → %s', (_name, r, expected) => {
    expect(isPrunable(r, CUTOFF)).toBe(expected);
  });
});
