import type { BrokerOpenOrder, BrokerSnapshot, TradeOrder, TradeView, TriggerView } from '@arctrigger/contracts';
import type { AuditInputs } from '../../src/checks/audit-check';

export const T0 = 1_700_000_000_000;
export const OPTION = 1001;

/** A trade holding `openQuantity` contracts of OPTION, PROTECTED by stop trigger `<id>-s1`, first filled at T0. */
export function holding(tradeId: string, over: Partial<TradeView> = {}): TradeView {
  return {
    tradeId: tradeId as TradeView['tradeId'],
    state: 'PROTECTED',
    spec: {
      symbol: 'AAPL', right: 'CALL', expiry: '20300118', strike: 200, trigger: { price: 190.5, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 },
      takeProfit: {}, premarketPolicy: 'hold', fireImmediately: false,
    },
    optionConId: OPTION as TradeView['optionConId'], underConId: 265598 as TradeView['underConId'], strike: 200, multiplier: 100, marketRuleId: 32,
    entryQuantity: 2, filledQuantity: 2, openQuantity: 2, shortQuantity: 0, avgEntryPrice: 1.5, avgExitPrice: null, stopLevel: 189.5,
    entryTriggerId: `${tradeId}-entry` as TradeView['entryTriggerId'], entryAwaitsReset: false, owner: null, stopTriggerId: `${tradeId}-s1` as TradeView['stopTriggerId'], takeProfitTriggerId: null,
    entryOrder: order(`${tradeId}.entry.1`, 'entry', 'ended'), exits: [], fills: [],
    premarket: null, closing: null, reservationId: null, firedAt: T0, firedPrice: 190.6, firstFillAt: T0, protectedAt: T0,
    commissions: [], totalCommission: 0, realizedPnl: 0, protectionOverdueAt: null, reason: null, adoptedAt: null, resetFrom: null, createdAt: T0, updatedAt: T0, revision: 8,
    ...over,
  };
}

export function order(orderRef: string, leg: TradeOrder['leg'], status: TradeOrder['status']): TradeOrder {
  return {
    orderRef: orderRef as TradeOrder['orderRef'], leg, side: leg === 'entry' ? 'BUY' : 'SELL', orderType: leg === 'guard' ? 'STP' : 'MKT', quantity: 2,
    limitPrice: null, stopPrice: null, status, endReason: null, pricedAt: T0, brokerFilled: null, repriceSteps: 0,
  };
}

export function stopTrigger(tradeId: string, status: TriggerView['status'] = 'armed', id = `${tradeId}-s1`): TriggerView {
  return {
    triggerId: id as TriggerView['triggerId'], owner: { tradeId: tradeId as TriggerView['owner']['tradeId'], purpose: 'stop' },
    conId: 265598 as TriggerView['conId'], priceSource: 'last', direction: 'below', level: 189.5, sessionScope: 'regular',
    status, statusReason: null, lastPrice: 190, armedAt: T0, updatedAt: T0, revision: 1, firedBy: null, firedSession: null,
  };
}

export function brokerOrder(orderRef: string, over: Partial<BrokerOpenOrder> = {}): BrokerOpenOrder {
  return { orderRef, permId: 77 as BrokerOpenOrder['permId'], conId: OPTION as BrokerOpenOrder['conId'], side: 'SELL', orderType: 'STP', totalQuantity: 2, status: 'Submitted', ...over };
}

export function broker(positions: Record<number, number>, openOrders: BrokerOpenOrder[] = []): BrokerSnapshot {
  return {
    openOrders,
    positions: Object.entries(positions).map(([conId, position]) => ({ account: 'DU1', conId: Number(conId) as BrokerSnapshot['positions'][number]['conId'], position, avgCost: 150 })),
    at: T0,
  };
}

export function inputs(over: Partial<AuditInputs> = {}): AuditInputs {
  return {
    now: T0 + 60_000,
    trades: [],
    triggers: [],
    broker: broker({}),
    bounds: { protectionDeadlineMs: 1_000, submitBoundMs: 30_000, exitBoundMs: 300_000 },
    ...over,
  };
}
