import { RiskLimits } from '@arctrigger/contracts';
import type { RiskServiceConfig } from '../config';

/** The default limits the configuration gives, used when KV holds no limits record yet. */
export function limitsFromConfig(config: RiskServiceConfig): RiskLimits {
  return RiskLimits.parse({
    maxContractsPerOrder: config.RISK_MAX_CONTRACTS_PER_ORDER,
    maxNotionalPerOrder: config.RISK_MAX_NOTIONAL_PER_ORDER,
    maxNotionalPerUnderlying: config.RISK_MAX_NOTIONAL_PER_UNDERLYING,
    maxNotionalPerDay: config.RISK_MAX_NOTIONAL_PER_DAY,
    maxOpenPositions: config.RISK_MAX_OPEN_POSITIONS,
    maxOrdersPerMinute: config.RISK_MAX_ORDERS_PER_MINUTE,
    dailyRealizedLossLimit: config.RISK_DAILY_REALIZED_LOSS_LIMIT,
    dailyTotalLossLimit: config.RISK_DAILY_TOTAL_LOSS_LIMIT,
    maxLimitAboveAskPercent: config.RISK_MAX_LIMIT_ABOVE_ASK_PERCENT,
    allowOptionsOutsideRegularHours: config.RISK_ALLOW_OPTIONS_OUTSIDE_RTH,
    allowedUnderlyings: config.RISK_ALLOWED_UNDERLYINGS.length > 0 ? config.RISK_ALLOWED_UNDERLYINGS : null,
  });
}
