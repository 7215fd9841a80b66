import type { EntryOrder, MarketRule } from '@arctrigger/contracts';
import { RoundToward, roundToTick } from './tick-rounding';

export interface EntryPrice {
  orderType: 'MKT' | 'LMT';
  /** Limit for LMT; for MKT the ask, used for sizing and the risk check only. */
  price: number;
  limitPrice: number | undefined;
}

export type EntryPriceResult = { ok: true; value: EntryPrice } | { ok: false; code: 'INVALID_PRICE'; message: string };

/**
 * LMT = ask + offset, rounded to a valid tick toward the marketable side (a buy rounds up, so the
 * limit is never below the ask + offset). MKT is priced at the ask for sizing and risk.
 */
export function priceEntry(entry: EntryOrder, ask: number, rule: MarketRule): EntryPriceResult {
  if (entry.type === 'MKT') return { ok: true, value: { orderType: 'MKT', price: ask, limitPrice: undefined } };
  const limit = roundToTick(rule, ask + entry.offset, RoundToward.UP);
  if (!(limit > 0)) {
    return { ok: false, code: 'INVALID_PRICE', message: `ask ${ask} + offset ${entry.offset} is not a positive price` };
  }
  return { ok: true, value: { orderType: 'LMT', price: limit, limitPrice: limit } };
}
