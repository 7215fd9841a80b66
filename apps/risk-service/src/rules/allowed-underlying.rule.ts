import { RiskReasonCode } from '@arctrigger/contracts';
import type { RiskRule } from './risk-rule';

/** With an allow-list configured, only its underlyings may be traded. */
export const allowedUnderlyingRule: RiskRule = {
  name: 'allowed-underlying',
  evaluate({ order, limits }) {
    const allowed = limits.allowedUnderlyings;
    if (allowed === null || allowed.includes(order.underlying)) return undefined;
    return {
      code: RiskReasonCode.UNDERLYING_NOT_ALLOWED,
      message: `${order.underlying} is not on the list of tradable underlyings (${allowed.join(', ') || 'empty'}).`,
    };
  },
};
