import { RiskReasonCode } from '@arctrigger/contracts';
import { dollars, toCents } from './money';
import type { RiskRule } from './risk-rule';

/** Today's opening notional, this order included, may reach the daily cap but not exceed it. */
export const dailyNotionalRule: RiskRule = {
  name: 'daily-notional',
  evaluate({ notional, usage, limits }) {
    const cap = toCents(limits.maxNotionalPerDay);
    const after = usage.dailyNotional + notional;
    if (after <= cap) return undefined;
    return {
      code: RiskReasonCode.DAILY_NOTIONAL_EXCEEDED,
      message: `This order (${dollars(notional)}) would bring today's total to ${dollars(after)}, over the daily cap of ${dollars(cap)} (${dollars(usage.dailyNotional)} used).`,
    };
  },
};
