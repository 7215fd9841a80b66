import { RiskReasonCode } from '@arctrigger/contracts';
import type { RiskRule } from './risk-rule';

/** At most `maxOrdersPerMinute` approvals in any 60 seconds: the Nth is allowed, the N+1th is not. */
export const orderRateRule: RiskRule = {
  name: 'order-rate',
  evaluate({ usage, limits }) {
    if (usage.ordersLastMinute < limits.maxOrdersPerMinute) return undefined;
    return {
      code: RiskReasonCode.ORDER_RATE_EXCEEDED,
      message: `${usage.ordersLastMinute} orders were approved in the last minute; the limit is ${limits.maxOrdersPerMinute}. Wait a moment.`,
    };
  },
};
