import type { ContractQuery } from '../../market/instruments';
import type { RequestReader } from '../request-reader';

/** The twelve contract fields requests carry at server version 193 (conId … tradingClass). */
export function readContract(r: RequestReader): ContractQuery {
  return {
    conId: r.int(),
    symbol: r.str(),
    secType: r.str(),
    lastTradeDateOrContractMonth: r.str(),
    strike: r.number(),
    right: r.str(),
    multiplier: r.str(),
    exchange: r.str(),
    primaryExch: r.str(),
    currency: r.str(),
    localSymbol: r.str(),
    tradingClass: r.str(),
  };
}
