import type { RiskCheckRequest, RiskLimits } from '@arctrigger/contracts';
import { RiskServiceConfig } from '../../src/config';

/** Tuesday 2026-03-10, 10:00 US/Eastern (EDT): regular session. */
export const REGULAR_HOURS = Date.parse('2026-03-10T14:00:00Z');
/** Same day 08:00 US/Eastern: premarket. */
export const PREMARKET = Date.parse('2026-03-10T12:00:00Z');

export function limits(over: Partial<RiskLimits> = {}): RiskLimits {
  return {
    maxContractsPerOrder: 10,
    maxNotionalPerOrder: 2_000,
    maxNotionalPerUnderlying: 5_000,
    maxNotionalPerDay: 10_000,
    maxOpenPositions: 3,
    maxOrdersPerMinute: 20,
    dailyRealizedLossLimit: 500,
    dailyTotalLossLimit: 800,
    maxLimitAboveAskPercent: 10,
    allowOptionsOutsideRegularHours: false,
    allowedUnderlyings: null,
    ...over,
  };
}

let seq = 0;
/** An opening BUY of 1 AAPL call at $2.00 (notional $200). */
export function checkRequest(over: Partial<Record<keyof RiskCheckRequest, unknown>> = {}): RiskCheckRequest {
  seq++;
  return {
    checkId: `chk-${seq}`,
    tradeId: `T${seq}`,
    underlying: 'AAPL',
    conId: 1001,
    side: 'BUY',
    quantity: 1,
    price: 2,
    multiplier: 100,
    opening: true,
    session: 'regular',
    ask: 2,
    ...over,
  } as RiskCheckRequest;
}

/** Service configuration with the test limits as environment values. */
export function config(env: Record<string, string> = {}): RiskServiceConfig {
  return RiskServiceConfig.parse({
    RISK_MAX_CONTRACTS_PER_ORDER: '10',
    RISK_MAX_NOTIONAL_PER_ORDER: '2000',
    RISK_MAX_NOTIONAL_PER_UNDERLYING: '5000',
    RISK_MAX_NOTIONAL_PER_DAY: '10000',
    RISK_MAX_OPEN_POSITIONS: '3',
    RISK_MAX_ORDERS_PER_MINUTE: '20',
    RISK_DAILY_REALIZED_LOSS_LIMIT: '500',
    RISK_DAILY_TOTAL_LOSS_LIMIT: '800',
    RISK_MAX_LIMIT_ABOVE_ASK_PERCENT: '10',
    RISK_RESERVATION_TTL_MS: '60000',
    ...env,
  });
}
