import { z } from 'zod';
import { codesOf, type ErrorTable } from '../core/error-codes';
import { ConId } from '../core/ids';
import { Expiry, PositivePrice, Symbol } from '../core/common';
import { RightSchema, SecTypeSchema } from '../core/enums';

export const SymbolSearchRequest = z.object({ pattern: z.string().trim().min(1).max(32) });

export const SymbolMatch = z.object({
  conId: ConId,
  symbol: z.string(),
  secType: z.string(),
  primaryExchange: z.string(),
  currency: z.string(),
  description: z.string(),
  derivativeSecTypes: z.array(z.string()),
});
export type SymbolMatch = z.infer<typeof SymbolMatch>;
export const SymbolSearchResult = z.object({ matches: z.array(SymbolMatch) });

/** Qualify one contract: a stock by symbol, or an option by symbol + expiry + strike + right. */
export const QualifyContractRequest = z.discriminatedUnion('secType', [
  z.object({ secType: z.literal('STK'), symbol: Symbol, exchange: z.string().default('SMART'), currency: z.string().default('USD') }),
  z.object({
    secType: z.literal('OPT'),
    symbol: Symbol,
    expiry: Expiry,
    strike: PositivePrice,
    right: RightSchema,
    exchange: z.string().default('SMART'),
    currency: z.string().default('USD'),
  }),
]);
export type QualifyContractRequest = z.infer<typeof QualifyContractRequest>;

export const ContractDetails = z.object({
  conId: ConId,
  symbol: z.string(),
  secType: SecTypeSchema,
  exchange: z.string(),
  primaryExchange: z.string(),
  currency: z.string(),
  localSymbol: z.string(),
  tradingClass: z.string(),
  multiplier: z.number().int().positive(),
  minTick: z.number().positive(),
  marketRuleIds: z.array(z.number().int().nonnegative()),
  expiry: Expiry.nullable(),
  strike: PositivePrice.nullable(),
  right: RightSchema.nullable(),
  underConId: ConId.nullable(),
});
export type ContractDetails = z.infer<typeof ContractDetails>;

/** Option chain: strikes are listed per expiry, because they differ by expiry. */
export const OptionChainRequest = z.object({
  symbol: Symbol,
  underConId: ConId,
  /** Restrict to one expiry (YYYYMMDD). */
  expiry: Expiry.optional(),
});
export type OptionChainRequest = z.infer<typeof OptionChainRequest>;

export const OptionChain = z.object({
  underConId: ConId,
  symbol: z.string(),
  tradingClass: z.string(),
  multiplier: z.number().int().positive(),
  expiries: z.array(z.object({ expiry: Expiry, strikes: z.array(PositivePrice) })),
});
export type OptionChain = z.infer<typeof OptionChain>;

export const MarketRuleRequest = z.object({ marketRuleId: z.number().int().nonnegative() });
/** Price increments by band: from `lowEdge` upward the tick is `increment`. */
export const MarketRule = z.object({
  marketRuleId: z.number().int().nonnegative(),
  increments: z.array(z.object({ lowEdge: z.number().nonnegative(), increment: z.number().positive() })).min(1),
});
export type MarketRule = z.infer<typeof MarketRule>;

/** Codes the gateway answers look-ups with (besides the bus's own). */
export const LookupErrors = {
  CONTRACT_NOT_FOUND: { http: 404, meaning: 'No contract matches.' },
  CONTRACT_AMBIGUOUS: { http: 422, meaning: 'Several contracts match: be more specific.' },
  EXPIRY_NOT_FOUND: { http: 404, meaning: 'The underlying has no options expiring on that date (no roll to another expiry).' },
  MARKET_RULE_NOT_FOUND: { http: 404, meaning: 'TWS has no such market rule.' },
  LOOKUP_TIMEOUT: { http: 503, meaning: "TWS did not answer in time (counted from when the request left the gateway's pacer).", retryable: true },
  LOOKUP_FAILED: { http: 502, meaning: "TWS answered with an error (the message carries IB's code)." },
  TWS_DISCONNECTED: { http: 503, meaning: 'Not connected to TWS.', retryable: true },
} as const satisfies ErrorTable;
export const LookupErrorCode = codesOf(LookupErrors);
export type LookupErrorCode = (typeof LookupErrorCode)[keyof typeof LookupErrorCode];
