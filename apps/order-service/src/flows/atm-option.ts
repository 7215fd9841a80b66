import { fail, ok, type CodesOf, type ConId, type Contracts, type Reply, type TradeView } from '@arctrigger/contracts';
import type { MarketPort } from '../ports/market.port';

/** The option a rebase moves to: contract identity and pricing facts of the at-the-money strike. */
export interface RebasedOption {
  optionConId: ConId;
  strike: number;
  multiplier: number;
  marketRuleId: number | null;
}

/** The strike of `strikes` nearest to `price` (the lower one on a tie). */
export function nearestStrike(strikes: readonly number[], price: number): number | undefined {
  return strikes.reduce<number | undefined>((best, s) => (best === undefined || Math.abs(s - price) < Math.abs(best - price) ? s : best), undefined);
}

/**
 * Qualifies the at-the-money option for `price` in the trade's own expiry and right (no roll to
 * another expiry). The trade's current option when that is already the nearest strike.
 */
export async function atmOptionFor(market: MarketPort, view: TradeView, price: number): Promise<Reply<RebasedOption, CodesOf<typeof Contracts.PremarketDecision>>> {
  const { symbol, expiry, right } = view.spec;
  const chain = await market.chain({ symbol, underConId: view.underConId!, expiry });
  if (!chain.ok) return fail(chain.code, `option chain for ${symbol}: ${chain.message}`);
  const strikes = chain.value.expiries.find((e) => e.expiry === expiry)?.strikes ?? [];
  const strike = nearestStrike([...strikes].sort((a, b) => a - b), price);
  if (strike === undefined) return fail('EXPIRY_NOT_FOUND', `${symbol} has no options expiring ${expiry}`);
  if (strike === view.strike && view.optionConId !== null) {
    return ok({ optionConId: view.optionConId, strike, multiplier: view.multiplier!, marketRuleId: view.marketRuleId });
  }
  const option = await market.qualify({ secType: 'OPT', symbol, expiry, strike, right });
  if (!option.ok) return fail(option.code, `option ${symbol} ${expiry} ${strike} ${right}: ${option.message}`);
  const marketRuleId = option.value.marketRuleIds[0] ?? null;
  if (!(await market.marketRule(marketRuleId))) return fail('NO_MARKET_RULE', `no market rule for ${option.value.localSymbol}`);
  return ok({ optionConId: option.value.conId, strike, multiplier: option.value.multiplier, marketRuleId });
}
