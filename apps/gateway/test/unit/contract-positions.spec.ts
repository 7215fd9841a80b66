import { OrderRef } from '@arctrigger/contracts';
import { ContractPositions } from '../../src/orders/contract-positions';

const C = 700001;
const ref = (s: string) => OrderRef.parse(s);
const fill = (execId: string, orderRef: string, side: 'BUY' | 'SELL', shares: number) => ({ execId, orderRef: ref(orderRef), conId: C, side, shares });

/** A book that has read the broker's positions once (held: `held`). */
function known(held = 0): ContractPositions {
  const p = new ContractPositions();
  p.snapshotStarted();
  if (held) p.brokerPosition(C, held);
  p.snapshotEnded();
  return p;
}

describe('contract positions', () => {
  it('contract positions refuse every closing sell until the broker\'s positions were read once', () => {
    const p = new ContractPositions();
    p.fill(fill('e1', 't1.entry.1', 'BUY', 5));
    expect(p.closingRefusal(ref('t1.stop.1'), C, 1)).toMatch(/not known yet/);
    p.snapshotStarted();
    p.brokerPosition(C, 5);
    p.snapshotEnded();
    expect(p.closingRefusal(ref('t1.stop.1'), C, 5)).toBeUndefined();
  });

  it('contract positions count each execution once and let a closing sell take exactly what no working sell holds', () => {
    const p = known();
    p.fill(fill('e1', 't1.entry.1', 'BUY', 4));
    p.fill(fill('e1', 't1.entry.1', 'BUY', 4));
    expect(p.heldIn(C)).toBe(4);
    p.ordered(ref('t1.guard.1'), C, 'SELL', 3);
    expect(p.closingRefusal(ref('t1.stop.1'), C, 1)).toBeUndefined();
    expect(p.closingRefusal(ref('t1.stop.1'), C, 2)).toBe('A closing sell of 2 exceeds the position: 4 held in conId 700001, 3 already being sold by working orders, so at most 1 may be closed; nothing was sent.');
    // The guard's own repeat is not counted against itself.
    expect(p.closingRefusal(ref('t1.guard.1'), C, 3)).toBeUndefined();
  });

  it('contract positions keep what a cancelled sell reported filled spoken for until its executions arrive', () => {
    const p = known(4);
    p.ordered(ref('t1.guard.1'), C, 'SELL', 4);
    p.status(ref('t1.guard.1'), 'cancelled', 2);
    expect(p.sellingIn(C)).toBe(2);
    expect(p.closingRefusal(ref('t1.flat.1'), C, 3)).toMatch(/closing sell of 3/);
    p.fill(fill('g1', 't1.guard.1', 'SELL', 2));
    expect([p.heldIn(C), p.sellingIn(C)]).toEqual([2, 0]);
    expect(p.closingRefusal(ref('t1.flat.1'), C, 2)).toBeUndefined();
  });

  it('contract positions free a refused or lost sell\'s contracts, and a partially filled working sell holds only its rest', () => {
    const p = known(6);
    p.ordered(ref('t1.tp.1'), C, 'SELL', 4);
    p.fill(fill('x1', 't1.tp.1', 'SELL', 1));
    expect([p.heldIn(C), p.sellingIn(C), p.executedBy(ref('t1.tp.1'))]).toEqual([5, 3, 1]);
    p.dropped(ref('t1.tp.1'));
    expect(p.sellingIn(C)).toBe(0);
    p.ordered(ref('t1.tp.2'), C, 'BUY', 4);
    expect(p.sellingIn(C)).toBe(0);
  });

  it('contract positions take the broker\'s snapshot as the position, keep a contract an execution moved meanwhile, and zero one no longer listed', () => {
    const p = known();
    p.fill(fill('a', 't1.entry.1', 'BUY', 3));
    p.fill({ ...fill('b', 't2.entry.1', 'BUY', 2), conId: 42 });
    p.snapshotStarted();
    p.fill({ ...fill('c', 't2.entry.1', 'BUY', 1), conId: 42 });
    p.snapshotEnded();
    expect([p.heldIn(C), p.heldIn(42)]).toEqual([0, 3]);
    p.snapshotStarted();
    p.brokerPosition(C, 7);
    p.snapshotEnded();
    expect([p.heldIn(C), p.heldIn(42)]).toEqual([7, 0]);
  });
});
