import { TradingState } from '@arctrigger/contracts';
import type { LimitsStore } from '../limits/limits-store';
import type { TradingStateService } from '../trading-state/trading-state-service';
import type { TradingStateStore } from '../trading-state/trading-state-store';
import { LossMonitor } from './loss-monitor';
import type { PositionBook } from './position-book';
import { QuoteBoard } from './quote-board';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('loss monitor', () => {
  it('loss monitor evaluates a burst of quotes once, after the burst, not once per tick', async () => {
    let evaluations = 0;
    const positions = { realizedOn: () => (evaluations++, 0), openPositions: () => [] } as unknown as PositionBook;
    const limits = { limits: () => ({ dailyRealizedLossLimit: 1_000, dailyTotalLossLimit: 2_000 }) } as unknown as LimitsStore;
    const state = { current: () => ({ state: TradingState.ACTIVE }) } as unknown as TradingStateStore;
    const monitor = new LossMonitor(positions, new QuoteBoard(), limits, state, {} as TradingStateService, () => '2026-03-10', { raise: async () => undefined }, 80);
    const errors: unknown[] = [];

    for (let tick = 0; tick < 50; tick++) monitor.evaluateSoon((e) => errors.push(e));
    expect(evaluations).toBe(0); // nothing in the burst's own turn: a risk check in the same read goes first
    await nextTurn();
    expect(evaluations).toBe(1);

    monitor.evaluateSoon((e) => errors.push(e));
    await nextTurn();
    expect(evaluations).toBe(2); // the next burst is evaluated again
    expect(errors).toEqual([]);
  });
});
