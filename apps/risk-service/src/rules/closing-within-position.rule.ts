import { RiskReasonCode } from '@arctrigger/contracts';
import type { RiskRule } from './risk-rule';

/**
 * Closing means closing: a closing sell may not sell more contracts than the trades hold in that
 * contract (from executions; the gateway, which also knows the working sells, checks the rest).
 * A closing buy (covering a short) is not bounded here.
 */
export const closingWithinPositionRule: RiskRule = {
  name: 'closing-within-position',
  evaluate({ order, usage }) {
    if (order.opening || order.side !== 'SELL' || order.quantity <= usage.heldContracts) return undefined;
    return {
      code: RiskReasonCode.CLOSING_EXCEEDS_POSITION,
      message: `A closing sell of ${order.quantity} is more than the ${Math.max(0, usage.heldContracts)} contracts held in conId ${order.conId}; it would open a short.`,
    };
  },
};
