import type { TradeSize } from '@arctrigger/contracts';

export type EntrySizeResult =
  | { ok: true; quantity: number }
  | { ok: false; code: 'BUDGET_BELOW_ONE_CONTRACT'; message: string };

/**
 * qty = floor(budget / (price × multiplier)). Below one contract the trade is refused with the
 * numbers in the message — never silently rounded up to 1.
 */
export function sizeEntry(size: TradeSize, price: number, multiplier: number): EntrySizeResult {
  if (size.by === 'contracts') return { ok: true, quantity: size.contracts };
  const perContract = price * multiplier;
  // Cents are integers: avoids floor(2000 / (2.5 × 100)) landing on 7.999….
  const quantity = Math.floor(Math.round(size.dollars * 100) / Math.round(perContract * 100));
  if (quantity < 1) {
    return {
      ok: false,
      code: 'BUDGET_BELOW_ONE_CONTRACT',
      message: `budget $${size.dollars} buys less than one contract at $${price} × ${multiplier} = $${perContract.toFixed(2)}`,
    };
  }
  return { ok: true, quantity };
}
