import { RiskReasonCode, Session } from '@arctrigger/contracts';
import type { RiskRule } from './risk-rule';

/**
 * US equity options trade in regular hours only. The session comes from the risk-service's own
 * clock and market calendar, not from the caller.
 */
export const regularHoursRule: RiskRule = {
  name: 'regular-hours',
  evaluate({ session, limits }) {
    if (session === Session.REGULAR || limits.allowOptionsOutsideRegularHours) return undefined;
    return {
      code: RiskReasonCode.OUTSIDE_REGULAR_HOURS,
      message: `Options can only be ordered in regular hours (09:30–16:00 ET); the market is ${session} now.`,
    };
  },
};
