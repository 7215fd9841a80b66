import { OpenedNotional } from './opened-notional';
import { newPosition, type PositionRecord } from './position';

const position = (tradeId: string, underlying: string | null, openedByDay: Record<string, number>): PositionRecord => ({
  ...newPosition(tradeId, 1001, { underlying, multiplier: 100 }, 0),
  openedByDay,
});

describe('opened notional', () => {
  it('opened notional sums every position per day and per underlying', () => {
    const sums = new OpenedNotional();
    sums.replace(undefined, position('T1', 'AAPL', { '2026-03-10': 20_000, '2026-03-09': 5_000 }));
    sums.replace(undefined, position('T2', 'MSFT', { '2026-03-10': 30_000 }));
    sums.replace(undefined, position('T3', null, { '2026-03-10': 1_000 }));

    expect(sums.onDay('2026-03-10')).toBe(51_000);
    expect(sums.onDay('2026-03-09')).toBe(5_000);
    expect(sums.onDayFor('2026-03-10', 'AAPL')).toBe(20_000);
    expect(sums.onDayFor('2026-03-10', 'MSFT')).toBe(30_000);
    expect(sums.onDay('2026-03-11')).toBe(0);
  });

  it('opened notional takes a replaced record\'s old contribution out', () => {
    const sums = new OpenedNotional();
    const first = position('T1', 'AAPL', { '2026-03-10': 20_000 });
    sums.replace(undefined, first);
    sums.replace(first, position('T1', 'AAPL', { '2026-03-10': 45_000 }));

    expect(sums.onDay('2026-03-10')).toBe(45_000);
    expect(sums.onDayFor('2026-03-10', 'AAPL')).toBe(45_000);
  });
});
