import { z } from 'zod';
import { ConId } from '../core/ids';
import { EpochMs, Price } from '../core/common';

export const OptionGreeks = z.object({
  impliedVol: z.number().finite().nullable(),
  delta: z.number().finite().nullable(),
  gamma: z.number().finite().nullable(),
  vega: z.number().finite().nullable(),
  theta: z.number().finite().nullable(),
  underlyingPrice: z.number().finite().nullable(),
});
export type OptionGreeks = z.infer<typeof OptionGreeks>;

/**
 * A quote snapshot for one contract after a change: the whole top of book travels with every tick
 * so a consumer never has to merge partial updates. `seq` increases per contract per gateway
 * session; `exchangeTime` is the exchange's trade time when TWS gives one, `receivedAt` the gateway's
 * receive time.
 */
export const MarketTick = z.object({
  conId: ConId,
  seq: z.number().int().nonnegative(),
  bid: Price.nullable(),
  ask: Price.nullable(),
  last: Price.nullable(),
  bidSize: z.number().nonnegative().nullable(),
  askSize: z.number().nonnegative().nullable(),
  lastSize: z.number().nonnegative().nullable(),
  exchangeTime: EpochMs.nullable(),
  receivedAt: EpochMs,
  greeks: OptionGreeks.optional(),
});
export type MarketTick = z.infer<typeof MarketTick>;
