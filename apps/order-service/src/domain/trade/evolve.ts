import type { TradeEvent, TradeFill, TradeOrder, TradeView } from '@arctrigger/contracts';
import { positionOf } from '../position/fill';
import { TradeEventType as E, type TradeEventType } from '../lifecycle/trade-event-type';
import type { TradeFacts } from './trade-facts';

/** A stored event whose type the order-service does not know (written by a newer version). */
export class UnknownTradeEventError extends Error {
  override readonly name = 'UnknownTradeEventError';
  constructor(readonly tradeId: string, readonly eventType: string) {
    super(`trade ${tradeId}: unknown event type '${eventType}'`);
  }
}

/** The first state of a trade, from its `armed` event. */
export function initialView(event: TradeEvent): TradeView {
  const f = event.detail as unknown as TradeFacts['armed'];
  return {
    tradeId: event.tradeId,
    state: event.to,
    spec: f.spec,
    optionConId: f.optionConId as TradeView['optionConId'],
    underConId: f.underConId as TradeView['underConId'],
    strike: f.strike,
    multiplier: f.multiplier,
    marketRuleId: f.marketRuleId,
    entryQuantity: 0,
    filledQuantity: 0,
    openQuantity: 0,
    avgEntryPrice: null,
    avgExitPrice: null,
    stopLevel: f.stopLevel,
    entryTriggerId: f.entryTriggerId,
    stopTriggerId: null,
    takeProfitTriggerId: null,
    entryOrder: null,
    exits: [],
    fills: [],
    premarket: null,
    closing: null,
    reservationId: null,
    firedAt: null,
    firedPrice: null,
    firstFillAt: null,
    protectedAt: null,
    commissions: [],
    totalCommission: 0,
    realizedPnl: 0,
    protectionOverdueAt: null,
    reason: null,
    resetFrom: (f.resetFrom ?? null) as TradeView['resetFrom'],
    createdAt: event.at,
    updatedAt: event.at,
    revision: event.seq,
  };
}

/**
 * Applies one event to a trade: the state moves to `event.to` and the event's facts are folded
 * in. Pure: replaying a trade's events rebuilds exactly the state that was projected.
 */
export function evolve(view: TradeView | undefined, event: TradeEvent): TradeView {
  if (event.type === E.ARMED || !view) return initialView(event);
  const v: TradeView = { ...view, state: event.to, updatedAt: event.at, revision: event.seq };
  const d = event.detail as never;
  applyFacts(v, event.type as TradeEventType, d, event);
  return withPosition(v);
}

function applyFacts(v: TradeView, type: TradeEventType, d: never, event: TradeEvent): void {
  switch (type) {
    case E.ARMED:
      return;
    case E.MODIFIED: {
      const f = d as TradeFacts['modified'];
      v.spec = f.spec;
      v.stopLevel = f.stopLevel;
      return;
    }
    case E.PREMARKET_HIT: {
      const f = d as TradeFacts['premarket-hit'];
      v.premarket = { hitAt: event.at, price: f.price, session: f.session, decisionDeadline: f.decisionDeadline, rearmAt: f.rearmAt };
      v.entryTriggerId = null;
      return;
    }
    case E.REBASED: {
      const f = d as TradeFacts['rebased'];
      v.spec = { ...v.spec, trigger: { ...v.spec.trigger, price: f.triggerPrice }, strike: v.spec.strike };
      v.entryTriggerId = f.entryTriggerId;
      v.stopLevel = f.stopLevel;
      v.optionConId = f.optionConId as TradeView['optionConId'];
      v.strike = f.strike;
      v.multiplier = f.multiplier;
      v.marketRuleId = f.marketRuleId;
      v.premarket = null;
      return;
    }
    case E.HELD: {
      const f = d as TradeFacts['held'];
      v.premarket = v.premarket ? { ...v.premarket, decisionDeadline: null, rearmAt: f.rearmAt } : null;
      return;
    }
    case E.ENTRY_REARMED:
      v.entryTriggerId = (d as TradeFacts['entry-rearmed']).entryTriggerId;
      v.premarket = null;
      return;
    case E.FIRED: {
      const f = d as TradeFacts['fired'];
      v.firedAt = event.at;
      v.firedPrice = f.price;
      v.entryTriggerId = null;
      return;
    }
    case E.SUBMITTING: {
      const f = d as TradeFacts['submitting'];
      v.entryOrder = f.order;
      v.entryQuantity = f.order.quantity;
      v.reservationId = f.reservationId;
      return;
    }
    case E.SUBMIT_UNKNOWN:
      v.entryOrder = setStatus(v.entryOrder, 'unknown');
      return;
    case E.ACCEPTED:
      v.entryOrder = setStatus(v.entryOrder, 'accepted');
      return;
    case E.NOT_FOUND:
      v.entryOrder = end(v.entryOrder, 'the broker has no trace of the order');
      v.reason = 'the entry order never reached the broker';
      return;
    case E.BROKER_INACTIVE:
      v.reason = (d as TradeFacts['broker-inactive']).reason;
      return;
    case E.REPRICED: {
      const f = d as TradeFacts['repriced'];
      if (v.entryOrder) v.entryOrder = { ...v.entryOrder, limitPrice: f.limitPrice, repriceSteps: f.step, pricedAt: event.at };
      return;
    }
    case E.PARTIALLY_FILLED:
    case E.FILLED:
      addFill(v, (d as TradeFacts['filled']).fill, event.at);
      return;
    case E.REMAINDER_CANCELLED:
      v.entryOrder = end(v.entryOrder, (d as TradeFacts['remainder-cancelled']).reason);
      return;
    case E.PROTECTED: {
      const f = d as TradeFacts['protected'];
      v.stopTriggerId = f.stopTriggerId ?? v.stopTriggerId;
      v.stopLevel = f.stopLevel ?? v.stopLevel;
      v.takeProfitTriggerId = f.takeProfitTriggerId ?? v.takeProfitTriggerId;
      v.protectedAt ??= event.at;
      v.protectionOverdueAt = null;
      return;
    }
    case E.PROTECTION_OVERDUE:
      v.protectionOverdueAt ??= event.at;
      v.reason = (d as TradeFacts['protection-overdue']).reason;
      return;
    case E.COMMISSION_CHARGED: {
      const f = d as TradeFacts['commission-charged'];
      if (!v.commissions.some((c) => c.execId === f.execId)) v.commissions = [...v.commissions, { execId: f.execId, amount: f.commission }];
      return;
    }
    case E.GUARD_PLACED:
      v.exits = [...v.exits, (d as TradeFacts['guard-placed']).order];
      return;
    case E.GUARD_UPDATED: {
      const f = d as TradeFacts['guard-updated'];
      v.exits = v.exits.map((x) => {
        if (x.orderRef !== f.orderRef || x.status === 'ended') return x;
        if (f.status === 'ended') return end(x, f.reason)!;
        return { ...x, status: 'accepted', quantity: f.quantity ?? x.quantity };
      });
      return;
    }
    case E.PROTECTION_FAILED:
      v.reason = (d as TradeFacts['protection-failed']).reason;
      return;
    case E.STOP_MOVED: {
      const f = d as TradeFacts['stop-moved'];
      v.stopLevel = f.stopLevel;
      v.stopTriggerId = f.stopTriggerId;
      return;
    }
    case E.STOP_FIRED: {
      const f = d as TradeFacts['stop-fired'];
      v.closing = 'stop';
      v.stopTriggerId = null;
      if (f.order) v.exits = [...v.exits, f.order];
      return;
    }
    case E.EXIT_SUBMITTED: {
      const f = d as TradeFacts['exit-submitted'];
      if (f.order) v.exits = [...v.exits, f.order];
      if (f.closing) v.closing = f.closing;
      return;
    }
    case E.EXIT_ACCEPTED:
      v.exits = v.exits.map((x) => (x.orderRef === (d as TradeFacts['exit-accepted']).orderRef && x.status !== 'ended' ? { ...x, status: 'accepted' } : x));
      return;
    case E.EXIT_PARTIALLY_FILLED:
      addFill(v, (d as TradeFacts['exit-partially-filled']).fill, event.at);
      return;
    case E.EXIT_ENDED:
    case E.EXIT_DONE:
    case E.EXIT_DONE_UNPROTECTED:
    case E.CLOSED: {
      const f = d as TradeFacts['exit-done'];
      if (f.fill) addFill(v, f.fill, event.at);
      v.exits = v.exits.map((x) => (x.orderRef === f.orderRef ? { ...end(x, f.reason ?? null)! } : x));
      if (type === E.CLOSED) v.closing = null;
      return;
    }
    case E.REJECTED: {
      const f = d as TradeFacts['rejected'];
      v.reason = `${f.code}: ${f.message}`;
      v.entryOrder = end(v.entryOrder, f.message);
      return;
    }
    case E.CANCELLED: {
      const f = d as TradeFacts['cancelled'];
      v.reason = f.reason;
      v.entryOrder = end(v.entryOrder, f.reason);
      v.entryTriggerId = null;
      v.premarket = null;
      return;
    }
    case E.FAILED: {
      const f = d as TradeFacts['failed'];
      v.reason = `${f.code}: ${f.message}`;
      v.entryOrder = end(v.entryOrder, f.message);
      v.entryTriggerId = null;
      return;
    }
    default:
      throw new UnknownTradeEventError(v.tradeId, type);
  }
}

function addFill(v: TradeView, fill: TradeFill, at: number): void {
  if (v.fills.some((f) => f.execId === fill.execId)) return;
  v.fills = [...v.fills, fill];
  if (fill.side === 'BUY') v.firstFillAt ??= at;
}

function setStatus(order: TradeOrder | null, status: TradeOrder['status']): TradeOrder | null {
  if (!order || order.status === 'ended') return order;
  return { ...order, status };
}

function end(order: TradeOrder | null, reason: string | null): TradeOrder | null {
  if (!order || order.status === 'ended') return order;
  return { ...order, status: 'ended', endReason: reason };
}

/** Quantities and P&L recomputed from the fills; an order whose fills cover it has ended. */
function withPosition(v: TradeView): TradeView {
  const p = positionOf(v.fills, v.multiplier ?? 100, new Map(v.commissions.map((c) => [c.execId, c.amount])));
  const filledOf = (ref: string) => v.fills.filter((f) => f.orderRef === ref).reduce((s, f) => s + f.shares, 0);
  const settle = (o: TradeOrder): TradeOrder => (o.status !== 'ended' && filledOf(o.orderRef) >= o.quantity ? { ...o, status: 'ended' } : o);
  return {
    ...v,
    filledQuantity: p.bought,
    openQuantity: Math.max(0, p.live),
    avgEntryPrice: p.avgEntryPrice,
    avgExitPrice: p.avgExitPrice,
    realizedPnl: p.realizedPnl,
    totalCommission: p.commission,
    entryOrder: v.entryOrder ? settle(v.entryOrder) : null,
    exits: v.exits.map(settle),
  };
}

/** Contracts of the position not already being sold by a working exit. */
export function sellableQuantity(v: TradeView): number {
  // The broker-side protective stop shares the exits' OCA group: it never holds contracts back from an exit.
  const working = v.exits
    .filter((x) => x.status !== 'ended' && x.leg !== 'guard')
    .reduce((sum, x) => sum + x.quantity - v.fills.filter((f) => f.orderRef === x.orderRef).reduce((s, f) => s + f.shares, 0), 0);
  return Math.max(0, v.openQuantity - working);
}

/** The event that ends exit `orderRef`: stays EXITING while another exit works, else back to PROTECTED / OPEN. */
export function exitEndEvent(v: TradeView, orderRef: string): 'exit-ended' | 'exit-done' | 'exit-done-unprotected' {
  if (v.exits.some((x) => x.orderRef !== orderRef && x.status !== 'ended' && x.leg !== 'guard')) return E.EXIT_ENDED;
  return v.stopTriggerId ? E.EXIT_DONE : E.EXIT_DONE_UNPROTECTED;
}

/** How many contracts an order still has working (quantity − its fills). */
export function remainingOf(v: TradeView, order: TradeOrder): number {
  return Math.max(0, order.quantity - v.fills.filter((f) => f.orderRef === order.orderRef).reduce((s, f) => s + f.shares, 0));
}

/** Type guard for the `fill` facts on entry and exit fill events. */
export type { TradeFill };
