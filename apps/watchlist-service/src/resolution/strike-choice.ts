import { fail, ok, WatchlistErrorCode, type Reply, type StrikeChoice } from '@arctrigger/contracts';

/**
 * The strikes an entry asks for in one expiry. A listed strike must exist in that expiry's chain
 * (strikes differ by expiry: no silent substitute); `atm` takes the strike nearest the price (the
 * lower one on a tie) and `width` strikes each side, as many as the chain has.
 */
export function strikesFor(choice: StrikeChoice, available: readonly number[], price: number | null, label: string): Reply<number[], 'STRIKE_NOT_FOUND' | 'NO_UNDERLYING_PRICE'> {
  const sorted = [...available].sort((a, b) => a - b);
  if (choice.mode === 'list') {
    const missing = choice.strikes.find((s) => !sorted.includes(s));
    if (missing !== undefined) return fail(WatchlistErrorCode.STRIKE_NOT_FOUND, `strike ${missing} does not exist for ${label}`);
    return ok([...new Set(choice.strikes)].sort((a, b) => a - b));
  }
  if (price === null) return fail(WatchlistErrorCode.NO_UNDERLYING_PRICE, `no price for ${label}: cannot centre ATM ± ${choice.width}`);
  let centre = 0;
  for (let i = 1; i < sorted.length; i++) if (Math.abs(sorted[i]! - price) < Math.abs(sorted[centre]! - price)) centre = i;
  return ok(sorted.slice(Math.max(0, centre - choice.width), centre + choice.width + 1));
}

/** The nearest expiry strictly after `today` (YYYYMMDD): an option expiring today is a choice of its own. */
export function nextExpiry(expiries: readonly string[], today: string): string | undefined {
  return expiries.filter((e) => e > today).sort()[0];
}
