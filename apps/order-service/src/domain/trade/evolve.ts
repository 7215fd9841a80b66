import { TradeEventType as E, type TradeEvent, type TradeEventOf, type TradeFill, type TradeOrder, type TradeState, type TradeView } from '@arctrigger/contracts';
import { isFinal } from '../lifecycle/transition-table';
import { positionOf } from '../position/fill';

/** An event for a trade that has no `armed` event before it: the history is out of order. */
export class TradeNotStartedError extends Error {
  override readonly name = 'TradeNotStartedError';
  constructor(readonly tradeId: string, readonly eventId: string) {
    super(`trade ${tradeId}: event ${eventId} comes before the trade was armed`);
  }
}

/** The first state of a trade, from its `armed` event. */
export function initialView(event: TradeEventOf<'armed'>): TradeView {
  return { ...startView(event), entryTriggerId: event.detail.entryTriggerId, resetFrom: event.detail.resetFrom ?? null };
}

/**
 * The first state of a trade made by adopting an external position: it holds the contracts taken
 * over (one fill at the broker's average cost, which counts as its first fill), with its stop level;
 * no entry order and no trigger yet — protection arms the stop next.
 */
export function adoptedView(event: TradeEventOf<'adopted'>): TradeView {
  return withPosition({ ...startView(event), adoptedAt: event.at, fills: [event.detail.fill], firstFillAt: event.at });
}

/** What every creating event starts a trade with: its option, stop level and owner. */
function startView(event: TradeEventOf<'armed' | 'adopted'>): TradeView {
  const f = event.detail;
  return {
    tradeId: event.tradeId,
    state: event.to,
    // The token that armed it owns it; a trade armed by a service, or before actors were recorded, has no owner.
    owner: event.actor?.kind === 'user' ? event.actor : null,
    spec: f.spec,
    optionConId: f.optionConId,
    underConId: f.underConId,
    strike: f.strike,
    multiplier: f.multiplier,
    marketRuleId: f.marketRuleId,
    entryQuantity: 0,
    filledQuantity: 0,
    openQuantity: 0,
    shortQuantity: 0,
    avgEntryPrice: null,
    avgExitPrice: null,
    stopLevel: f.stopLevel,
    entryTriggerId: null,
    entryAwaitsReset: false,
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
    adoptedAt: null,
    resetFrom: null,
    createdAt: event.at,
    updatedAt: event.at,
    revision: event.seq,
  };
}

/** Applies the event that starts a trade (`armed`, `adopted`), or an event to the trade it follows. */
export function evolve(view: TradeView | undefined, event: TradeEvent): TradeView {
  if (event.type === E.ARMED) return initialView(event);
  if (event.type === E.ADOPTED) return adoptedView(event);
  if (!view) throw new TradeNotStartedError(event.tradeId, event.eventId);
  const v: TradeView = { ...view, state: event.to, updatedAt: event.at, revision: event.seq };
  applyFacts(v, event);
  return withPosition(v);
}

/**
 * Folds one event's facts into the view (the state has moved to `event.to` already). Pure:
 * replaying a trade's events rebuilds exactly the state that was projected. Each case reads the
 * facts of its own type: the union narrows `event.detail`.
 */
function applyFacts(v: TradeView, event: Exclude<TradeEvent, TradeEventOf<'armed' | 'adopted'>>): void {
  switch (event.type) {
    case E.MODIFIED:
      v.spec = event.detail.spec;
      v.stopLevel = event.detail.stopLevel;
      return;
    case E.PREMARKET_HIT: {
      const f = event.detail;
      v.premarket = { hitAt: event.at, price: f.price, session: f.session, decisionDeadline: f.decisionDeadline, rearmAt: f.rearmAt };
      v.entryTriggerId = null;
      v.entryAwaitsReset = false;
      return;
    }
    case E.REBASED: {
      const f = event.detail;
      v.spec = { ...v.spec, trigger: { ...v.spec.trigger, price: f.triggerPrice } };
      v.entryTriggerId = f.entryTriggerId;
      v.entryAwaitsReset = false;
      v.stopLevel = f.stopLevel;
      v.optionConId = f.optionConId;
      v.strike = f.strike;
      v.multiplier = f.multiplier;
      v.marketRuleId = f.marketRuleId;
      v.premarket = null;
      return;
    }
    case E.HELD:
      v.premarket = v.premarket ? { ...v.premarket, decisionDeadline: null, rearmAt: event.detail.rearmAt } : null;
      return;
    case E.ENTRY_REARMED:
      v.entryTriggerId = event.detail.entryTriggerId;
      v.entryAwaitsReset = false;
      v.premarket = null;
      return;
    case E.SUSPENDED:
      v.entryTriggerId = null;
      v.entryAwaitsReset = false;
      v.reason = event.detail.reason;
      return;
    case E.RESUMED:
      v.entryTriggerId = event.detail.entryTriggerId;
      v.entryAwaitsReset = event.detail.awaitsReset;
      v.reason = null;
      return;
    case E.FIRED:
      v.firedAt = event.at;
      v.firedPrice = event.detail.price;
      v.entryTriggerId = null;
      v.entryAwaitsReset = false;
      return;
    case E.SUBMITTING:
      v.entryOrder = event.detail.order;
      v.entryQuantity = event.detail.order.quantity;
      v.reservationId = event.detail.reservationId;
      return;
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
      v.reason = event.detail.reason;
      return;
    case E.REPRICED:
      if (v.entryOrder) v.entryOrder = { ...v.entryOrder, limitPrice: event.detail.limitPrice, repriceSteps: event.detail.step, pricedAt: event.at };
      return;
    case E.PARTIALLY_FILLED:
    case E.FILLED:
      addFill(v, event.detail.fill, event.at);
      // A fill after the trade ended without a position: the history says how it came to hold one.
      if (event.from && isFinal(event.from) && event.from !== 'CLOSED') v.reason = lateFillReason(event.from, event.detail.fill);
      return;
    case E.EXIT_PARTIALLY_FILLED:
      addFill(v, event.detail.fill, event.at);
      if (event.from === 'CLOSED') v.reason = `a sell of ${event.detail.fill.shares} (${event.detail.fill.orderRef}, execution ${event.detail.fill.execId}) filled after the trade closed`;
      return;
    case E.REMAINDER_CANCELLED:
      v.entryOrder = end(v.entryOrder, event.detail.reason);
      return;
    case E.PROTECTED: {
      const f = event.detail;
      v.stopTriggerId = f.stopTriggerId ?? v.stopTriggerId;
      v.stopLevel = f.stopLevel ?? v.stopLevel;
      v.takeProfitTriggerId = f.takeProfitTriggerId ?? v.takeProfitTriggerId;
      v.protectedAt ??= event.at;
      v.protectionOverdueAt = null;
      return;
    }
    case E.PROTECTION_OVERDUE:
      v.protectionOverdueAt ??= event.at;
      v.reason = event.detail.reason;
      return;
    case E.COMMISSION_CHARGED: {
      const f = event.detail;
      if (!v.commissions.some((c) => c.execId === f.execId)) v.commissions = [...v.commissions, { execId: f.execId, amount: f.commission }];
      return;
    }
    case E.GUARD_PLACED:
      v.exits = [...v.exits, event.detail.order];
      return;
    case E.GUARD_UPDATED: {
      const f = event.detail;
      if (f.withdrawn) v.guardWithdrawn = true;
      v.exits = v.exits.map((x) => {
        if (x.orderRef !== f.orderRef || x.status === 'ended') return x;
        if (f.status === 'ended') return { ...end(x, f.reason)!, brokerFilled: f.filled ?? null };
        return { ...x, status: 'accepted', quantity: f.quantity ?? x.quantity };
      });
      return;
    }
    case E.PROTECTION_FAILED:
      v.reason = event.detail.reason;
      return;
    case E.STOP_LOST:
      v.stopTriggerId = null;
      v.reason = event.detail.reason;
      return;
    case E.STOP_MOVED:
      v.stopLevel = event.detail.stopLevel;
      v.stopTriggerId = event.detail.stopTriggerId;
      return;
    case E.STOP_FIRED:
      v.closing = 'stop';
      v.stopTriggerId = null;
      if (event.detail.order) v.exits = [...v.exits, event.detail.order];
      return;
    case E.EXIT_SUBMITTED:
      if (event.detail.order) v.exits = [...v.exits, event.detail.order];
      if (event.detail.closing) v.closing = event.detail.closing;
      return;
    case E.EXIT_ACCEPTED: {
      const ref = event.detail.orderRef;
      v.exits = v.exits.map((x) => (x.orderRef === ref && x.status !== 'ended' ? { ...x, status: 'accepted' } : x));
      return;
    }
    case E.EXIT_ENDED:
    case E.EXIT_DONE:
    case E.EXIT_DONE_UNPROTECTED:
      endExit(v, event.detail.orderRef, event.detail.fill, event.detail.reason, event.at);
      return;
    case E.CLOSED:
      endExit(v, event.detail.orderRef, event.detail.fill, null, event.at);
      v.closing = null;
      return;
    case E.REJECTED:
      v.reason = `${event.detail.code}: ${event.detail.message}`;
      v.entryOrder = end(v.entryOrder, event.detail.message);
      return;
    case E.CANCELLED:
      v.reason = event.detail.reason;
      v.entryOrder = end(v.entryOrder, event.detail.reason);
      v.entryTriggerId = null;
      v.premarket = null;
      return;
    case E.FAILED:
      v.reason = `${event.detail.code}: ${event.detail.message}`;
      v.entryOrder = end(v.entryOrder, event.detail.message);
      v.entryTriggerId = null;
      return;
    default:
      return assertNever(event);
  }
}

function lateFillReason(from: TradeState, fill: TradeFill): string {
  const ended = from === 'FAILED' ? 'failed (its entry was not found at the broker)' : from.toLowerCase();
  return `${fill.shares} bought (execution ${fill.execId}) after the trade ${ended}: the position is booked and protected`;
}

function endExit(v: TradeView, orderRef: string, fill: TradeFill | null, reason: string | null, at: number): void {
  if (fill) addFill(v, fill, at);
  v.exits = v.exits.map((x) => (x.orderRef === orderRef ? end(x, reason)! : x));
}

function assertNever(event: never): never {
  throw new Error(`unhandled trade event ${JSON.stringify(event)}`);
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
    shortQuantity: Math.max(0, -p.live),
    avgEntryPrice: p.avgEntryPrice,
    avgExitPrice: p.avgExitPrice,
    realizedPnl: p.realizedPnl,
    totalCommission: p.commission,
    entryOrder: v.entryOrder ? settle(v.entryOrder) : null,
    exits: v.exits.map(settle),
  };
}

/** The event that ends exit `orderRef`: stays EXITING while another exit works, else back to PROTECTED / OPEN. */
export function exitEndEvent(v: TradeView, orderRef: string): 'exit-ended' | 'exit-done' | 'exit-done-unprotected' {
  if (v.exits.some((x) => x.orderRef !== orderRef && x.status !== 'ended' && x.leg !== 'guard')) return E.EXIT_ENDED;
  return v.stopTriggerId ? E.EXIT_DONE : E.EXIT_DONE_UNPROTECTED;
}
