import { z } from 'zod';
import { Contracts, ContractDetails, Expiry, MarketTick, OptionChain, Symbol, SymbolSearchResult } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';
import { ContractQuery } from './contract-query';

const tag = 'market';

/** A quote with the contract it is for. */
export const QuoteView = z.object({ contract: ContractDetails, quote: MarketTick });

export const MarketRoutes = {
  symbols: defineRoute({
    operationId: 'searchSymbols', calls: [Contracts.SymbolSearch], method: 'GET', path: '/v1/market/symbols', role: Role.VIEWER, tag,
    summary: 'Symbol search (IB matching symbols).', query: z.object({ q: z.string().trim().min(1).max(32) }), response: SymbolSearchResult,
  }),
  contract: defineRoute({
    operationId: 'qualifyContract', calls: [Contracts.QualifyContract], method: 'GET', path: '/v1/market/contract', role: Role.VIEWER, tag,
    summary: 'Qualify a stock (symbol) or an option (symbol, expiry, strike, right).', query: ContractQuery, response: ContractDetails,
  }),
  quote: defineRoute({
    operationId: 'getQuote', calls: [Contracts.QualifyContract, Contracts.AcquireMarketDataLease, Contracts.QuoteSnapshot], method: 'GET', path: '/v1/market/quote', role: Role.VIEWER, tag,
    summary: 'Latest quote of a stock or option; for one not watched yet, its first tick (up to 3 s; then 404 NO_QUOTE, retry).', query: ContractQuery, response: QuoteView,
  }),
  chain: defineRoute({
    operationId: 'getOptionChain', calls: [Contracts.QualifyContract, Contracts.OptionChain], method: 'GET', path: '/v1/market/chain', role: Role.VIEWER, tag,
    summary: 'Option chain of an underlying: strikes per expiry.', query: z.object({ symbol: Symbol, expiry: Expiry.optional() }), response: OptionChain,
  }),
} as const;
