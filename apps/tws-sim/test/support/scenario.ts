import type { ScenarioInput } from '../../src';

/** A small scenario for tests: two NASDAQ names, an ARCA ETF, a NYSE name; one weekly + one monthly expiry. */
export function testScenario(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    name: 'test',
    account: 'DU1234567',
    stocks: [
      { symbol: 'AAPL', conId: 265598, primaryExchange: 'NASDAQ', price: 200, volatility: 0.25, options: { weeklyExpiries: 1, monthlyExpiries: 1 } },
      { symbol: 'MSFT', conId: 272093, primaryExchange: 'NASDAQ', price: 400, options: { weeklyExpiries: 1, monthlyExpiries: 0 } },
      { symbol: 'SPY', conId: 756733, primaryExchange: 'ARCA', price: 600, options: { weeklyExpiries: 1, monthlyExpiries: 0 } },
      { symbol: 'JPM', conId: 1520593, primaryExchange: 'NYSE', price: 250, options: { weeklyExpiries: 0, monthlyExpiries: 1, tickRule: 'nickel' } },
    ],
    ...overrides,
  };
}

/** Monday 2026-03-02, US/Eastern instants. */
export const PREMARKET = '2026-03-02T09:00:00-05:00';
export const JUST_BEFORE_OPEN = '2026-03-02T09:29:50-05:00';
export const REGULAR = '2026-03-02T10:00:00-05:00';
