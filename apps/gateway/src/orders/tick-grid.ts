import type { MarketRule } from '@arctrigger/contracts';

/** The price increment that applies at `price` under a market rule (highest band whose lowEdge ≤ price). */
export function incrementAt(rule: MarketRule, price: number): number {
  let increment = rule.increments[0]!.increment;
  for (const band of rule.increments) if (band.lowEdge <= price + 1e-9) increment = band.increment;
  return increment;
}

/** True when `price` is a whole number of increments (IB rejects an off-grid limit with 110). */
export function isOnTickGrid(rule: MarketRule, price: number): boolean {
  const increment = incrementAt(rule, price);
  const steps = price / increment;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}
