import { RiskReasonCode } from '@arctrigger/contracts';
import { dollars, toCents } from './money';
import type { RiskRule } from './risk-rule';

/** Today's opening notional on one underlying, this order included, may reach the cap but not exceed it. */
export const underlyingNotionalRule: RiskRule = {
  name: 'underlying-notional',
  evaluate({ order, notional, usage, limits }) {
    const cap = toCents(limits.maxNotionalPerUnderlying);
    const after = usage.underlyingNotional + notional;
    if (after <= cap) return undefined;
    return {
      code: RiskReasonCode.UNDERLYING_NOTIONAL_EXCEEDED,
      message: `${order.underlying} would reach ${dollars(after)} today (${dollars(usage.underlyingNotional)} already used), over its ${dollars(cap)} cap.`,
    };
  },
};
