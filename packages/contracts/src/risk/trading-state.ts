import { z } from 'zod';
import { OrderRef, TriggerId } from '../core/ids';
import { EpochMs } from '../core/common';
import { TradingStateSchema } from '../core/enums';

/** Trading state, held in KV (`trading-state` bucket, key `current`) and re-checked by the gateway. */
export const TradingStateRecord = z.object({
  state: TradingStateSchema,
  reason: z.string(),
  changedBy: z.string(),
  at: EpochMs,
});
export type TradingStateRecord = z.infer<typeof TradingStateRecord>;

export const SetTradingStateCommand = z.object({
  state: TradingStateSchema,
  reason: z.string().min(1).max(200),
  actor: z.string().min(1).max(64),
});
export type SetTradingStateCommand = z.infer<typeof SetTradingStateCommand>;

export const TradingStateChanged = z.object({
  previous: TradingStateSchema,
  current: TradingStateRecord,
  cancelledOrders: z.array(OrderRef),
  disarmedTriggers: z.array(TriggerId),
  /** Kill-switch steps that did not complete (e.g. no trigger-service answering); empty when all did. */
  failures: z
    .array(z.object({ step: z.enum(['list-triggers', 'disarm-trigger', 'cancel-opening-orders']), code: z.string(), message: z.string() }))
    .default([]),
});
export type TradingStateChanged = z.infer<typeof TradingStateChanged>;

/**
 * The reason the kill switch gives the entry triggers it disarms (`kill switch: <why>`): the trade
 * that owns one is suspended, not failed — HALTED keeps the book.
 */
export const KILL_SWITCH_DISARM_PREFIX = 'kill switch: ';

export function killSwitchDisarmReason(why: string): string {
  return `${KILL_SWITCH_DISARM_PREFIX}${why}`;
}

export function isKillSwitchDisarm(reason: string): boolean {
  return reason.startsWith(KILL_SWITCH_DISARM_PREFIX);
}
