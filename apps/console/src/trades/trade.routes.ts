import { z } from 'zod';
import {
  ArmTradeCommand,
  Contracts,
  ModifyTradeCommand,
  PremarketDecisionCommand,
  ResetTradeCommand,
  Symbol,
  TakeProfitCommand,
  TradeId,
  TradeList,
  TradeStateSchema,
  TradeView,
  TradeWithHistory,
} from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

const tag = 'trades';
const TradePath = z.object({ tradeId: TradeId });

/** `?state=ARMED,OPEN&symbol=AAPL&limit=50` */
export const ListTradesHttpQuery = z.object({
  state: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0))
    .pipe(z.array(TradeStateSchema))
    .optional(),
  symbol: Symbol.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const TradeRoutes = {
  arm: defineRoute({
    operationId: 'armTrade', calls: [Contracts.ArmTrade], method: 'POST', path: '/v1/trades', role: Role.TRADER, tag, idempotent: true, successStatus: 201,
    summary: 'Arm a trade: qualify the option, validate the breakout, pre-check risk, arm the entry trigger.',
    body: ArmTradeCommand.strict(), response: TradeView,
  }),
  list: defineRoute({
    operationId: 'listTrades', calls: [Contracts.ListTrades], method: 'GET', path: '/v1/trades', role: Role.VIEWER, tag,
    summary: 'Trades, filtered by state (comma-separated) and symbol.', query: ListTradesHttpQuery, response: TradeList,
  }),
  get: defineRoute({
    operationId: 'getTrade', calls: [Contracts.GetTrade], method: 'GET', path: '/v1/trades/{tradeId}', role: Role.VIEWER, tag,
    summary: 'One trade with its full event history.', params: TradePath, response: TradeWithHistory,
  }),
  modify: defineRoute({
    operationId: 'modifyTrade', calls: [Contracts.ModifyTrade], method: 'PATCH', path: '/v1/trades/{tradeId}', role: Role.TRADER, tag, idempotent: true,
    summary: 'Modify an armed trade: trigger price, stop offset, size.',
    params: TradePath,
    body: z
      .object({ triggerPrice: ModifyTradeCommand.shape.triggerPrice, stopOffset: ModifyTradeCommand.shape.stopOffset, size: ModifyTradeCommand.shape.size })
      .strict()
      .refine((c) => c.triggerPrice !== undefined || c.stopOffset !== undefined || c.size !== undefined, {
        message: 'nothing to modify: give triggerPrice, stopOffset or size',
      }),
    response: TradeView,
  }),
  cancel: defineRoute({
    operationId: 'cancelTrade', calls: [Contracts.CancelTrade], method: 'POST', path: '/v1/trades/{tradeId}/cancel', role: Role.TRADER, tag, idempotent: true,
    summary: 'Cancel a trade that has no position yet.', params: TradePath, response: TradeView,
  }),
  breakeven: defineRoute({
    operationId: 'breakevenTrade', calls: [Contracts.Breakeven], method: 'POST', path: '/v1/trades/{tradeId}/breakeven', role: Role.TRADER, tag, idempotent: true,
    summary: 'Move the stop to the trigger price.', params: TradePath, response: TradeView,
  }),
  takeProfit: defineRoute({
    operationId: 'takeProfit', calls: [Contracts.TakeProfit], method: 'POST', path: '/v1/trades/{tradeId}/take-profit', role: Role.TRADER, tag, idempotent: true,
    summary: 'Sell a percent (1..100) of the original quantity.', params: TradePath,
    body: TakeProfitCommand.omit({ tradeId: true }).strict(), response: TradeView,
  }),
  flatten: defineRoute({
    operationId: 'flattenTrade', calls: [Contracts.Flatten], method: 'POST', path: '/v1/trades/{tradeId}/flatten', role: Role.TRADER, tag, idempotent: true,
    summary: 'Sell the whole live quantity at market.', params: TradePath, response: TradeView,
  }),
  reset: defineRoute({
    operationId: 'resetTrade', calls: [Contracts.ResetTrade], method: 'POST', path: '/v1/trades/{tradeId}/reset', role: Role.TRADER, tag, idempotent: true, successStatus: 201,
    summary: 'Arm a finished trade (CLOSED, CANCELLED, REJECTED, FAILED) again as a new trade with its spec, optionally at another trigger price; the new trade names it in resetFrom.',
    params: TradePath,
    body: ResetTradeCommand.omit({ tradeId: true }).strict(), response: TradeView,
  }),
  premarketDecision: defineRoute({
    operationId: 'decidePremarket', calls: [Contracts.PremarketDecision], method: 'POST', path: '/v1/trades/{tradeId}/premarket-decision', role: Role.TRADER, tag, idempotent: true,
    summary: 'Answer a premarket hit: rebase, hold or cancel.', params: TradePath,
    body: PremarketDecisionCommand.omit({ tradeId: true }).strict(), response: TradeView,
  }),
} as const;
