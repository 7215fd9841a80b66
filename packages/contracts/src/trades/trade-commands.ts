import { z } from 'zod';
import { TradeId } from '../core/ids';
import { Expiry, PositivePrice, Quantity, Symbol } from '../core/common';
import { PremarketPolicySchema, PriceSourceSchema, RightSchema } from '../core/enums';
import { TradeStateSchema } from './trade-state';
import { ActedBy } from './trade-actor';

export const TradeSize = z.discriminatedUnion('by', [
  /** qty = floor(budget / (limit × multiplier)); below 1 is rejected, never rounded up. */
  z.object({ by: z.literal('budget'), dollars: z.number().positive().max(10_000_000) }),
  z.object({ by: z.literal('contracts'), contracts: Quantity.max(10_000) }),
]);
export type TradeSize = z.infer<typeof TradeSize>;

export const EntryOrder = z.discriminatedUnion('type', [
  z.object({ type: z.literal('MKT') }),
  /** LMT at option ask + offset, rounded to a valid tick toward the marketable side. */
  z.object({ type: z.literal('LMT'), offset: z.number().min(-100).max(100).default(0) }),
]);
export type EntryOrder = z.infer<typeof EntryOrder>;

/** Stop on the underlying at trigger − offset (calls) or trigger + offset (puts). */
export const OffsetStopLoss = z.object({ mode: z.literal('offset'), offset: z.number().positive() });
export const StopLoss = z.discriminatedUnion('mode', [OffsetStopLoss, z.object({ mode: z.literal('waived') })]);
export type StopLoss = z.infer<typeof StopLoss>;

/** The automatic take-profit: sell all when the option's bid reaches the average entry price + this percent. */
export const AutoTakeProfit = z.object({ autoPercent: z.number().positive().max(1000).optional() });

export const RepricePolicy = z.object({
  afterSeconds: z.number().int().min(1).max(3600).default(10),
  maxSteps: z.number().int().min(0).max(20).default(3),
  /** After the last step: cancel the entry (true) or leave it working (false). */
  cancelAfterLastStep: z.boolean().default(true),
});

export const ArmTradeCommand = z.object({
  /** Client-chosen id makes arming idempotent; generated when absent. */
  tradeId: TradeId.optional(),
  symbol: Symbol,
  right: RightSchema,
  expiry: Expiry,
  strike: z.union([PositivePrice, z.literal('ATM')]),
  trigger: z.object({ price: PositivePrice, source: PriceSourceSchema.default('last') }),
  size: TradeSize,
  entry: EntryOrder,
  stopLoss: StopLoss,
  takeProfit: AutoTakeProfit.default({}),
  premarketPolicy: PremarketPolicySchema.default('hold'),
  fireImmediately: z.boolean().default(false),
  reprice: RepricePolicy.optional(),
  /** A protective stop order at the broker as a backstop, in the exits' OCA group. */
  brokerProtectiveStop: z.object({ percentBelowEntry: z.number().positive().max(100) }).optional(),
});
export type ArmTradeCommand = z.infer<typeof ArmTradeCommand>;

const ModifyTradeFields = z.object({
  tradeId: TradeId,
  triggerPrice: PositivePrice.optional(),
  stopOffset: z.number().positive().optional(),
  size: TradeSize.optional(),
});
const somethingToModify = [
  (c: { triggerPrice?: unknown; stopOffset?: unknown; size?: unknown }) => c.triggerPrice !== undefined || c.stopOffset !== undefined || c.size !== undefined,
  { message: 'nothing to modify: give triggerPrice, stopOffset or size' },
] as const;
export const ModifyTradeCommand = ModifyTradeFields.refine(...somethingToModify);
export type ModifyTradeCommand = z.infer<typeof ModifyTradeCommand>;

export const TradeIdCommand = z.object({ tradeId: TradeId });
export type TradeIdCommand = z.infer<typeof TradeIdCommand>;

export const TakeProfitCommand = z.object({
  tradeId: TradeId,
  /** Percent of the original filled quantity (10, 20, 50 in the console; any 1..100 allowed). */
  percent: z.number().int().min(1).max(100),
});
export type TakeProfitCommand = z.infer<typeof TakeProfitCommand>;

export const PremarketDecisionCommand = z.object({
  tradeId: TradeId,
  decision: z.enum(['rebase', 'hold', 'cancel']),
  /** With `rebase`: move the strike to at-the-money for the new trigger. */
  atmStrike: z.boolean().default(false),
});
export type PremarketDecisionCommand = z.infer<typeof PremarketDecisionCommand>;

/**
 * Reset: arm a finished trade (CLOSED, CANCELLED, REJECTED, FAILED) again, as a new trade with the
 * same spec — optionally at another trigger price — through every arm-time check. The finished
 * trade and its history stay as they are; the new one names it in `resetFrom`.
 */
export const ResetTradeCommand = z.object({
  tradeId: TradeId,
  /** The new trade's id (client-chosen: a repeated reset with it answers the same trade); generated when absent. */
  newTradeId: TradeId.optional(),
  /** A new trigger price (the old one may be behind the market by now); the stop keeps its offset from it. */
  triggerPrice: PositivePrice.optional(),
});
export type ResetTradeCommand = z.infer<typeof ResetTradeCommand>;

export const ListTradesQuery = z.object({
  states: z.array(TradeStateSchema).optional(),
  symbol: Symbol.optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type ListTradesQuery = z.infer<typeof ListTradesQuery>;

/*
 * The trade commands as the bus carries them (`trade.cmd.*.v1`): each command plus `by`, who asks
 * (optional: a sender of the previous release still works; the console always sends it). Kept apart
 * from the commands themselves, which are also the HTTP bodies and the trade's spec.
 */
export const ArmTradeRequest = ArmTradeCommand.extend(ActedBy);
export type ArmTradeRequest = z.infer<typeof ArmTradeRequest>;
export const ModifyTradeRequest = ModifyTradeFields.extend(ActedBy).refine(...somethingToModify);
export type ModifyTradeRequest = z.infer<typeof ModifyTradeRequest>;
export const TradeIdRequest = TradeIdCommand.extend(ActedBy);
export type TradeIdRequest = z.infer<typeof TradeIdRequest>;
export const TakeProfitRequest = TakeProfitCommand.extend(ActedBy);
export type TakeProfitRequest = z.infer<typeof TakeProfitRequest>;
export const PremarketDecisionRequest = PremarketDecisionCommand.extend(ActedBy);
export type PremarketDecisionRequest = z.infer<typeof PremarketDecisionRequest>;
export const ResetTradeRequest = ResetTradeCommand.extend(ActedBy);
export type ResetTradeRequest = z.infer<typeof ResetTradeRequest>;
