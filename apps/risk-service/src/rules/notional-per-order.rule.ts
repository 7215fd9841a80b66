import { RiskReasonCode } from '@arctrigger/contracts';
import { dollars, toCents } from './money';
import type { RiskRule } from './risk-rule';

/** One order's premium notional may reach `maxNotionalPerOrder` but not exceed it. */
export const notionalPerOrderRule: RiskRule = {
  name: 'notional-per-order',
  evaluate({ notional, limits }) {
    const cap = toCents(limits.maxNotionalPerOrder);
    if (notional <= cap) return undefined;
    return {
      code: RiskReasonCode.NOTIONAL_PER_ORDER_EXCEEDED,
      message: `This order costs ${dollars(notional)}, more than the ${dollars(cap)} allowed per order.`,
    };
  },
};
