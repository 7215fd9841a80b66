import type { ArmTradeCommand, PositionsView, RiskLimitsView, TradeView, TriggerView } from '@arctrigger/contracts';

export function armCommand(overrides: Partial<ArmTradeCommand> = {}): Record<string, unknown> {
  return {
    symbol: 'AAPL',
    right: 'CALL',
    expiry: '20300118',
    strike: 200,
    trigger: { price: 190.5 },
    size: { by: 'contracts', contracts: 2 },
    entry: { type: 'MKT' },
    stopLoss: { mode: 'offset', offset: 1 },
    ...overrides,
  };
}

export function tradeView(tradeId: string, state: TradeView['state'] = 'ARMED'): TradeView {
  return {
    tradeId: tradeId as TradeView['tradeId'],
    state,
    spec: {
      symbol: 'AAPL', right: 'CALL', expiry: '20300118', strike: 200, trigger: { price: 190.5, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 },
      takeProfit: {}, premarketPolicy: 'hold', fireImmediately: false,
    },
    optionConId: 1001 as TradeView['optionConId'], underConId: 265598 as TradeView['underConId'], strike: 200, multiplier: 100, marketRuleId: 32,
    entryQuantity: 2, filledQuantity: 0, openQuantity: 0, shortQuantity: 0, avgEntryPrice: null, avgExitPrice: null, stopLevel: 189.5,
    entryTriggerId: `${tradeId}-entry` as TradeView['entryTriggerId'], entryAwaitsReset: false, owner: null, stopTriggerId: null, takeProfitTriggerId: null, entryOrder: null, exits: [], fills: [],
    premarket: null, closing: null, reservationId: null, firedAt: null, firedPrice: null, firstFillAt: null, protectedAt: null,
    commissions: [], totalCommission: 0, realizedPnl: 0, protectionOverdueAt: null, reason: null, adoptedAt: null, resetFrom: null, createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, revision: 1,
  };
}

export { tradeEvent } from '@arctrigger/testkit';

export function triggerView(tradeId: string): TriggerView {
  return {
    triggerId: `${tradeId}-entry` as TriggerView['triggerId'], owner: { tradeId: tradeId as TriggerView['owner']['tradeId'], purpose: 'entry' },
    conId: 265598 as TriggerView['conId'], priceSource: 'last', direction: 'above', level: 190.5, sessionScope: 'regular',
    status: 'armed', statusReason: null, lastPrice: 189.9, armedAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, revision: 1,
    firedBy: null, firedSession: null,
  };
}

export function riskLimitsView(): RiskLimitsView {
  return {
    limits: {
      maxContractsPerOrder: 10, maxNotionalPerOrder: 5000, maxNotionalPerUnderlying: 10000, maxNotionalPerDay: 50000, maxOpenPositions: 5,
      maxOrdersPerMinute: 30, dailyRealizedLossLimit: 1000, dailyTotalLossLimit: 2000, maxLimitAboveAskPercent: 5,
      allowOptionsOutsideRegularHours: false, allowedUnderlyings: null,
    },
    version: 3, changedAt: 1_700_000_000_000,
  };
}

export function positionsView(): PositionsView {
  return {
    day: '2030-01-02',
    positions: [{
      tradeId: 'T1' as PositionsView['positions'][number]['tradeId'], conId: 1001 as PositionsView['positions'][number]['conId'], underlying: 'AAPL',
      quantity: 2, averageCost: 3.1, multiplier: 100, bid: 3.2, ask: 3.4, mid: 3.3, realizedPnl: 0, unrealizedPnl: 40, commissions: 1.3,
      greeks: null, stale: false, quoteAt: 1_700_000_000_000,
    }],
    byUnderlying: [{ underlying: 'AAPL', realized: 0, unrealized: 40, total: 40 }],
    today: { realized: 0, unrealized: 40, total: 40 },
    at: 1_700_000_000_000,
  };
}
