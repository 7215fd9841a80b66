import { z } from 'zod';
import { ConId, TradeId } from '../core/ids';
import { EpochMs } from '../core/common';
import { ArmTradeCommand } from './trade-commands';
import { TradeStateSchema } from './trade-state';
import { TradeEvent } from './trade-event';

/** Current state of one trade, projected from its events. */
export const TradeView = z.object({
  tradeId: TradeId,
  state: TradeStateSchema,
  spec: ArmTradeCommand.omit({ tradeId: true }),
  optionConId: ConId.nullable(),
  underConId: ConId.nullable(),
  strike: z.number().positive().nullable(),
  entryQuantity: z.number().int().nonnegative(),
  filledQuantity: z.number().nonnegative(),
  openQuantity: z.number().nonnegative(),
  avgEntryPrice: z.number().nonnegative().nullable(),
  stopLevel: z.number().positive().nullable(),
  realizedPnl: z.number().finite(),
  reason: z.string().nullable(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  revision: z.number().int().nonnegative(),
});
export type TradeView = z.infer<typeof TradeView>;

export const TradeWithHistory = z.object({ trade: TradeView, events: z.array(TradeEvent) });
export const TradeList = z.object({ trades: z.array(TradeView) });
