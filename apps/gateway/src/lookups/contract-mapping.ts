import type { Contract as IbContract, ContractDescription, ContractDetails as IbContractDetails } from '@stoqey/ib';
import { ConId, type ContractDetails, type SymbolMatch } from '@arctrigger/contracts';

/** IB's contract details → our ContractDetails; undefined for a security type we do not trade. */
export function toContractDetails(details: IbContractDetails): ContractDetails | undefined {
  const c = details.contract;
  const secType = String(c?.secType ?? '');
  if (!c?.conId || (secType !== 'STK' && secType !== 'OPT')) return undefined;
  const isOption = secType === 'OPT';
  const ruleIds = String(details.marketRuleIds ?? '')
    .split(',')
    .map((s) => Number(s))
    .filter((n) => Number.isInteger(n) && n >= 0 && String(n) !== '');
  return {
    conId: ConId.parse(c.conId),
    symbol: c.symbol ?? '',
    secType,
    exchange: c.exchange ?? 'SMART',
    primaryExchange: c.primaryExch ?? '',
    currency: c.currency ?? 'USD',
    localSymbol: c.localSymbol ?? '',
    tradingClass: c.tradingClass ?? '',
    multiplier: isOption ? Number(c.multiplier ?? 100) || 100 : 1,
    minTick: details.minTick && details.minTick > 0 ? details.minTick : 0.01,
    marketRuleIds: [...new Set(ruleIds)],
    expiry: isOption ? (c.lastTradeDateOrContractMonth ?? c.lastTradeDate ?? '').slice(0, 8) || null : null,
    strike: isOption && c.strike ? c.strike : null,
    right: isOption ? (String(c.right) === 'P' ? 'PUT' : 'CALL') : null,
    underConId: isOption && details.underConId ? ConId.parse(details.underConId) : null,
  };
}

/** A matching-symbols row → SymbolMatch. Every listing is kept (ARCA and BATS included). */
export function toSymbolMatch(d: ContractDescription): SymbolMatch | undefined {
  const c: IbContract | undefined = d.contract;
  if (!c?.conId) return undefined;
  return {
    conId: ConId.parse(c.conId),
    symbol: c.symbol ?? '',
    secType: String(c.secType ?? ''),
    primaryExchange: c.primaryExch ?? '',
    currency: c.currency ?? '',
    description: c.description ?? '',
    derivativeSecTypes: (d.derivativeSecTypes ?? []).map(String),
  };
}
