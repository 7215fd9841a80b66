export type ExitQuantity = { ok: true; quantity: number } | { ok: false; code: 'NOTHING_TO_SELL'; message: string };

/**
 * Partial take-profit: percent of the ORIGINAL filled quantity, floored, at least 1 when the
 * position allows, never more than what is live and not already being sold.
 */
export function takeProfitQuantity(originalQuantity: number, percent: number, sellable: number): ExitQuantity {
  if (sellable < 1) return { ok: false, code: 'NOTHING_TO_SELL', message: 'no contracts are free to sell' };
  const wanted = Math.max(1, Math.floor((originalQuantity * percent) / 100));
  return { ok: true, quantity: Math.min(wanted, sellable) };
}

/** Flatten / stop: everything live that is not already being sold by another exit. */
export function closingQuantity(sellable: number): ExitQuantity {
  if (sellable < 1) return { ok: false, code: 'NOTHING_TO_SELL', message: 'no contracts are free to sell' };
  return { ok: true, quantity: Math.floor(sellable) };
}

/** The auto take-profit level: average entry premium + N %, on the option's bid. */
export function autoTakeProfitLevel(avgEntryPrice: number, percent: number): number {
  return Math.round(avgEntryPrice * (1 + percent / 100) * 100) / 100;
}
