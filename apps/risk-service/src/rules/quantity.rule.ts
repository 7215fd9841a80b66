import { RiskReasonCode } from '@arctrigger/contracts';
import type { RiskRule } from './risk-rule';

/** At most `maxContractsPerOrder` contracts in one order (exactly the maximum is allowed). */
export const quantityRule: RiskRule = {
  name: 'quantity',
  evaluate({ order, limits }) {
    if (order.quantity <= limits.maxContractsPerOrder) return undefined;
    return {
      code: RiskReasonCode.QUANTITY_EXCEEDS_MAXIMUM,
      message: `${order.quantity} contracts is more than the maximum of ${limits.maxContractsPerOrder} per order.`,
    };
  },
};
