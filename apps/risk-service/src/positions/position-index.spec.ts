import { newPosition, type PositionRecord } from './position';
import { PositionIndex } from './position-index';

const position = (tradeId: string, conId: number, quantity: number, realizedByDay: Record<string, number> = {}): PositionRecord => ({
  ...newPosition(tradeId, conId, { underlying: 'AAPL', multiplier: 100 }, 0),
  quantity,
  realizedByDay,
});

describe('position index', () => {
  it('position index lists the trades and positions holding contracts, and drops a trade once it is flat', () => {
    const index = new PositionIndex();
    const t1 = position('T1', 1001, 3);
    index.replace(undefined, t1);
    index.replace(undefined, position('T2', 1002, -2));
    index.replace(undefined, position('T3', 1003, 0));
    expect([...index.openTradeIds()]).toEqual(['T1', 'T2']);
    expect([...index.openPositions()].map((p) => [p.tradeId, p.quantity])).toEqual([['T1', 3], ['T2', -2]]);

    const t1Flat = position('T1', 1001, 0, { '2026-03-10': 120 });
    index.replace(t1, t1Flat);
    expect([...index.openTradeIds()]).toEqual(['T2']);
    index.replace(t1Flat, position('T1', 1001, 1, { '2026-03-10': 120 }));
    expect([...index.openPositions()].map((p) => [p.tradeId, p.quantity])).toEqual([['T2', -2], ['T1', 1]]);
  });

  it('position index knows every contract any position was in, open or closed', () => {
    const index = new PositionIndex();
    const open = position('T1', 1001, 3);
    index.replace(undefined, open);
    index.replace(open, position('T1', 1001, 0));
    expect(index.hasContract(1001)).toBe(true);
    expect(index.hasContract(1002)).toBe(false);
  });

  it('position index finds the trades that realized P&L on a day, following a record\'s days as it is replaced', () => {
    const index = new PositionIndex();
    const t1 = position('T1', 1001, 2, { '2026-03-09': 50 });
    index.replace(undefined, t1);
    index.replace(undefined, position('T2', 1002, 0, { '2026-03-10': -20 }));
    expect([...index.realizedOn('2026-03-09')]).toEqual(['T1']);
    expect([...index.realizedOn('2026-03-10')]).toEqual(['T2']);
    expect([...index.realizedOn('2026-03-11')]).toEqual([]);

    index.replace(t1, position('T1', 1001, 0, { '2026-03-09': 50, '2026-03-10': 75 }));
    expect([...index.realizedOn('2026-03-10')]).toEqual(['T2', 'T1']);
    expect([...index.realizedOn('2026-03-09')]).toEqual(['T1']);
  });
});
