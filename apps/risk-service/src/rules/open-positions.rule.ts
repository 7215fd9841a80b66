import { RiskReasonCode } from '@arctrigger/contracts';
import type { RiskRule } from './risk-rule';

/**
 * At most `maxOpenPositions` trades holding a position or a pending opening order. Adding to a
 * trade that is already open does not open another position.
 */
export const openPositionsRule: RiskRule = {
  name: 'open-positions',
  evaluate({ usage, limits }) {
    if (usage.tradeAlreadyOpen || usage.openPositions < limits.maxOpenPositions) return undefined;
    return {
      code: RiskReasonCode.MAX_OPEN_POSITIONS,
      message: `${usage.openPositions} positions are already open or opening; the limit is ${limits.maxOpenPositions}.`,
    };
  },
};
