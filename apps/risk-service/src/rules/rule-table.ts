import { allowedUnderlyingRule } from './allowed-underlying.rule';
import { closingWithinPositionRule } from './closing-within-position.rule';
import { dailyNotionalRule } from './daily-notional.rule';
import { notionalPerOrderRule } from './notional-per-order.rule';
import { openPositionsRule } from './open-positions.rule';
import { orderRateRule } from './order-rate.rule';
import { pendingOrdersRule } from './pending-orders.rule';
import { priceSanityRule } from './price-sanity.rule';
import { quantityRule } from './quantity.rule';
import { regularHoursRule } from './regular-hours.rule';
import type { Denial, RiskRule, RuleContext } from './risk-rule';
import { tradingStateRule } from './trading-state.rule';
import { underlyingNotionalRule } from './underlying-notional.rule';

/**
 * The rules an opening order must pass, in the order they are asked: the first denial is the
 * answer. State and static rules come first, usage-dependent ones last, so a trader hears the most
 * fundamental reason. Closing orders skip this table for `CLOSING_ORDER_RULES`: risk never stands
 * between a trader and reducing a position (stops stay live even when HALTED).
 */
export const OPENING_ORDER_RULES: readonly RiskRule[] = [
  tradingStateRule,
  allowedUnderlyingRule,
  regularHoursRule,
  quantityRule,
  notionalPerOrderRule,
  priceSanityRule,
  orderRateRule,
  pendingOrdersRule,
  openPositionsRule,
  underlyingNotionalRule,
  dailyNotionalRule,
];

/**
 * The rules of an arm-time pre-check (purpose `arm`): the same table without the budgets that only
 * an order actually sent uses — orders per minute and pending orders. A trader arms hundreds of
 * trades; each is counted when it fires.
 */
export const ARM_PRECHECK_RULES: readonly RiskRule[] = OPENING_ORDER_RULES.filter((r) => r !== orderRateRule && r !== pendingOrdersRule);

/**
 * The rules a closing order must pass: only that it closes. Nothing else stands between a trader
 * and reducing a position — not the kill switch, not a cap.
 */
export const CLOSING_ORDER_RULES: readonly RiskRule[] = [closingWithinPositionRule];

/** The first denial of the table, or undefined when the order passes every rule. */
export function evaluateRules(ctx: RuleContext, rules: readonly RiskRule[] = OPENING_ORDER_RULES): Denial | undefined {
  for (const rule of rules) {
    const denial = rule.evaluate(ctx);
    if (denial) return denial;
  }
  return undefined;
}
