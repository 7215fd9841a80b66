import { RiskReasonCode, TradingState } from '@arctrigger/contracts';
import type { RiskRule } from './risk-rule';

/** HALTED and REDUCING refuse every opening order; closing orders never reach the rules. */
export const tradingStateRule: RiskRule = {
  name: 'trading-state',
  evaluate({ tradingState }) {
    if (tradingState === TradingState.HALTED) {
      return { code: RiskReasonCode.TRADING_HALTED, message: 'Trading is halted: no new positions can be opened.' };
    }
    if (tradingState === TradingState.REDUCING) {
      return { code: RiskReasonCode.REDUCING_ONLY, message: 'Trading is reducing-only: only orders that close a position are accepted.' };
    }
    return undefined;
  },
};
