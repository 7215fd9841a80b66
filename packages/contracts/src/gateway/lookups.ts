import { z } from 'zod';
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

/** Codes the gateway answers look-ups with (besides the bus's INVALID_REQUEST / TIMEOUT …). */
export const LookupErrorCode = {
  CONTRACT_NOT_FOUND: 'CONTRACT_NOT_FOUND',
  CONTRACT_AMBIGUOUS: 'CONTRACT_AMBIGUOUS',
  EXPIRY_NOT_FOUND: 'EXPIRY_NOT_FOUND',
  MARKET_RULE_NOT_FOUND: 'MARKET_RULE_NOT_FOUND',
  /** TWS did not answer in time (counted from when the request left the gateway's pacer; retryable). */
  LOOKUP_TIMEOUT: 'LOOKUP_TIMEOUT',
  /** TWS answered with an error (the message carries IB's code). */
  LOOKUP_FAILED: 'LOOKUP_FAILED',
  /** Not connected to TWS (retryable). */
  TWS_DISCONNECTED: 'TWS_DISCONNECTED',
} as const;
export type LookupErrorCode = (typeof LookupErrorCode)[keyof typeof LookupErrorCode];
