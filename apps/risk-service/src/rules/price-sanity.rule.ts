import { RiskReasonCode } from '@arctrigger/contracts';
import { dollars, toCents } from './money';
import type { RiskRule } from './risk-rule';

/**
 * A buy's limit may be above the ask by at most `maxLimitAboveAskPercent` percent (exactly at that
 * bound passes). Without an ask the price cannot be judged, so the check fails closed.
 */
export const priceSanityRule: RiskRule = {
  name: 'price-sanity',
  evaluate({ order, limits }) {
    if (order.side !== 'BUY') return undefined;
    if (order.ask === null) {
      return { code: RiskReasonCode.PRICE_SANITY, message: 'There is no ask quote for this option, so its price cannot be checked.' };
    }
    const bound = toCents(order.ask * (1 + limits.maxLimitAboveAskPercent / 100));
    if (toCents(order.price) <= bound) return undefined;
    return {
      code: RiskReasonCode.PRICE_SANITY,
      message: `Limit ${dollars(toCents(order.price))} is more than ${limits.maxLimitAboveAskPercent}% above the ask of ${dollars(toCents(order.ask))} (at most ${dollars(bound)}).`,
    };
  },
};
