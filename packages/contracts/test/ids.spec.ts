import { OrderRef, orderRefOf, parseOrderRef, TradeId, ConId } from '../src/core/ids';

describe('ids', () => {
  it('order ref round-trips trade id, leg and attempt', () => {
    const ref = orderRefOf(TradeId.parse('t_01ABC'), 'entry', 2);
    expect(ref).toBe('t_01ABC.entry.2');
    expect(parseOrderRef(ref)).toEqual({ orderRef: 't_01ABC.entry.2', tradeId: 't_01ABC', leg: 'entry', attempt: 2 });
  });

  it.each(['t1', 't1.entry', 't1.entry.0', 't1.sell.1', 'a b.entry.1', ''])('order ref refuses %j', (text) => {
    expect(OrderRef.safeParse(text).success).toBe(false);
    expect(parseOrderRef(text)).toBeUndefined();
  });

  it('con id refuses zero, negatives and fractions', () => {
    for (const v of [0, -1, 1.5, '5']) expect(ConId.safeParse(v).success).toBe(false);
    expect(ConId.parse(265598)).toBe(265598);
  });
});
