import { z } from 'zod';
import { ConId, TradeId } from '../core/ids';
import { EpochMs, Symbol } from '../core/common';
import { OptionGreeks } from '../market-data/market-tick';

/** Positions and P&L as the risk-service sees them (from executions and option quotes). */
export const PositionsQuery = z
  .object({
    /** Include trades that are flat (closed today, realized P&L only). */
    includeFlat: z.boolean().default(false),
  })
  .strict();
export type PositionsQuery = z.infer<typeof PositionsQuery>;

/** One trade's position: what the console's positions view shows. Money in dollars. */
export const PositionView = z.object({
  tradeId: TradeId,
  conId: ConId,
  /** Underlying symbol, learned from the approved risk check; null when the fill came before any check. */
  underlying: Symbol.nullable(),
  quantity: z.number(),
  /** Average premium paid per share of the open quantity. */
  averageCost: z.number(),
  multiplier: z.number().int().positive(),
  bid: z.number().nullable(),
  ask: z.number().nullable(),
  mid: z.number().nullable(),
  realizedPnl: z.number(),
  unrealizedPnl: z.number().nullable(),
  commissions: z.number(),
  greeks: OptionGreeks.nullable(),
  /** No quote, or none within the configured staleness window. */
  stale: z.boolean(),
  quoteAt: EpochMs.nullable(),
});
export type PositionView = z.infer<typeof PositionView>;

export const PnlSummary = z.object({ realized: z.number(), unrealized: z.number(), total: z.number() });
export type PnlSummary = z.infer<typeof PnlSummary>;

export const PositionsView = z.object({
  /** The risk day (US/Eastern date the day started on, rolling at the configured time). */
  day: z.string(),
  positions: z.array(PositionView),
  byUnderlying: z.array(PnlSummary.extend({ underlying: z.string() })),
  /** Today's P&L: realized today plus unrealized on open positions. */
  today: PnlSummary,
  at: EpochMs,
});
export type PositionsView = z.infer<typeof PositionsView>;
