import type { TradeView } from '@arctrigger/contracts';

/** What ArcTrigger's trades hold per option contract (open quantity from their executions). */
export function heldByTrades(trades: readonly TradeView[]): Map<number, number> {
  const held = new Map<number, number>();
  for (const v of trades) {
    if (v.optionConId === null || v.openQuantity === 0) continue;
    held.set(v.optionConId, (held.get(v.optionConId) ?? 0) + v.openQuantity);
  }
  return held;
}
