import type { Market } from '../market/market';
import { IbError, PACING_VIOLATION, type IbErrorReply } from '../protocol/ib-errors';
import { dayOrderExpiry } from './day-expiry';
import type { BrokerIds } from './broker-ids';
import { ExecutionBook } from './execution-book';
import { canWork, match, outsideRthIgnored, stopTouched, type Fill } from './matching';
import { OcaGroups, adjustsAfterStep, ocaAdjustments } from './oca-group';
import type { OrderFeed } from './order-feed';
import { OrderEvent, OrderState, isWorking, transition } from './order-status';
import { validateTicket } from './order-validation';
import type { PositionBook } from './positions';
import { OrderType, Tif, newOrder, remaining, type Execution, type OrderTicket, type SimOrder } from './sim-order';

export interface OrderEngineFaults {
  /** The next placeOrder is rejected with this error. */
  rejectNext?: { code: number; reason: string };
  /** The next placed order fills at most this much, then stalls. */
  stallAfter?: number;
  /** The next cancel is acknowledged (Cancelled) and then the order fills anyway. */
  fillAfterCancel?: boolean;
  /**
   * The next placed order is taken and then lost from view: no callback, not in open or completed
   * orders (a client's reconciliation finds no trace of it) — until a late fill shows it existed.
   */
  swallowNext?: boolean;
}

/** Why a late fill could not be injected. */
export interface LateFillRefusal {
  ok: false;
  code: 'UNKNOWN_ORDER' | 'NO_PRICE';
  message: string;
}

const working = (o: SimOrder) => isWorking(o.state);

/**
 * Accepts, holds (transmit=false), works, fills and cancels orders against the simulated market,
 * applies OCA groups, and keeps the account's executions and positions. Every client-visible
 * consequence goes out through the feed.
 */
export class OrderEngine {
  private readonly orders = new Map<string, SimOrder>();
  /** Orders taken and lost from view (the swallow fault): only a late fill reports them. */
  private readonly swallowed = new Map<string, SimOrder>();
  /** Ids TWS has seen per client, including rejected ones: reusing one is error 103. */
  private readonly usedIds = new Set<string>();
  private readonly highestId = new Map<number, number>();
  private readonly book: ExecutionBook;
  readonly oca = new OcaGroups();
  /** ocaType 3 executions (order → its remaining before the first of them) applied after the step. */
  private readonly ocaAfterStep = new Map<SimOrder, number>();
  readonly faults: OrderEngineFaults = {};

  constructor(
    private readonly market: Market,
    private readonly feed: OrderFeed,
    readonly account: string,
    private readonly maxPerFill: number | undefined,
    private readonly ids: BrokerIds,
  ) {
    this.book = new ExecutionBook(account, ids);
  }

  get positions(): PositionBook {
    return this.book.positions;
  }

  /** The next order id this client id may use: one above the highest it has used. */
  nextValidId(clientId: number): number {
    return (this.highestId.get(clientId) ?? 0) + 1;
  }

  /** Simulated restart: TWS forgets the last `by` ids of every client, so a stale id collides (103). */
  rollBackIds(by: number): void {
    for (const [clientId, id] of this.highestId) this.highestId.set(clientId, Math.max(0, id - by));
  }

  place(ticket: OrderTicket, now: number): void {
    const existing = this.orders.get(key(ticket.clientId, ticket.orderId));
    if (existing) this.modify(existing, ticket, now);
    else this.create(ticket, now);
    this.applyOcaAfterStep(now);
  }

  private create(ticket: OrderTicket, now: number): void {
    if (this.usedIds.has(key(ticket.clientId, ticket.orderId))) return this.error(ticket, IbError.duplicateOrderId());
    // A pacing violation (100) drops the request: an error for the id, no order, no status.
    if (this.faults.rejectNext?.code === PACING_VIOLATION) {
      const { reason } = this.faults.rejectNext;
      this.faults.rejectNext = undefined;
      return this.error(ticket, { code: PACING_VIOLATION, message: reason });
    }
    const invalid = validateTicket(ticket);
    const order = newOrder(ticket, this.ids.nextPermId(), now);
    this.usedIds.add(key(ticket.clientId, ticket.orderId));
    this.highestId.set(ticket.clientId, Math.max(this.highestId.get(ticket.clientId) ?? 0, ticket.orderId));
    if (this.faults.swallowNext) {
      this.faults.swallowNext = undefined;
      this.swallowed.set(key(order.clientId, order.orderId), order);
      return;
    }
    this.orders.set(key(order.clientId, order.orderId), order);
    const injected = this.faults.rejectNext;
    if (invalid || injected) {
      this.faults.rejectNext = undefined;
      this.error(ticket, invalid ?? (injected!.code === 201 ? IbError.rejected(injected!.reason) : { code: injected!.code, message: injected!.reason }));
      return this.apply(order, OrderEvent.REJECT, now);
    }
    if (this.faults.stallAfter !== undefined) {
      order.fillCap = this.faults.stallAfter;
      this.faults.stallAfter = undefined;
    }
    this.oca.join(order);
    if (ticket.transmit) this.transmit(order, now);
    else this.apply(order, OrderEvent.STAGE, now);
  }

  /** Sends the order to "IB": accepted working or held, DAY expiry from now, then worked at once. */
  private transmit(order: SimOrder, now: number): void {
    order.transmittedAt = now;
    order.expiresAt = order.tif === Tif.DAY ? dayOrderExpiry(order, this.market.calendar, now) : undefined;
    const accepted = canWork(order, this.market.session(now)) && !this.isUntriggeredStop(order, now);
    this.apply(order, accepted ? OrderEvent.ACCEPT_WORKING : OrderEvent.ACCEPT_HELD, now);
    if (outsideRthIgnored(order)) this.error(order, IbError.outsideRthIgnored());
    this.work(order, now);
  }

  /**
   * placeOrder with an id already in use. An untransmitted order takes the new terms (OCA group
   * included) and is sent if transmit is now true; a working order is modified (its OCA group
   * and transmit flag stay as they were).
   */
  private modify(order: SimOrder, ticket: OrderTicket, now: number): void {
    if (order.state === OrderState.FILLED) return this.error(ticket, IbError.modifyFilled());
    const staged = order.state === OrderState.UNTRANSMITTED;
    if (!staged && !isWorking(order.state)) return this.error(ticket, IbError.duplicateOrderId());
    const invalid = validateTicket(ticket);
    if (invalid) return this.error(ticket, invalid);
    if (ticket.totalQuantity < order.filled) return this.error(ticket, IbError.rejected('Order size is below the filled quantity'));
    const wasDay = order.tif === Tif.DAY;
    const { totalQuantity, orderType, lmtPrice, auxPrice, tif, outsideRth, orderRef } = ticket;
    Object.assign(order, { totalQuantity, orderType, lmtPrice, auxPrice, tif, outsideRth, orderRef });
    if (staged) {
      this.oca.leave(order);
      Object.assign(order, { ocaGroup: ticket.ocaGroup, ocaType: ticket.ocaType, transmit: ticket.transmit });
      this.oca.join(order);
      return ticket.transmit ? this.transmit(order, now) : this.apply(order, OrderEvent.MODIFY, now);
    }
    // A DAY order keeps the day it was sent on, even if the modification moves that day's end.
    order.expiresAt = order.tif === Tif.DAY ? dayOrderExpiry(order, this.market.calendar, wasDay ? order.transmittedAt! : now) : undefined;
    this.apply(order, OrderEvent.MODIFY, now);
    this.work(order, now);
  }

  /**
   * cancelOrder from a client. As at IB, cancelling an OCA order before it executed cancels the
   * rest of its group too; an expiry or a rejection does not.
   */
  cancel(clientId: number, orderId: number, now: number): void {
    const order = this.orders.get(key(clientId, orderId));
    if (!order) return this.error({ clientId, orderId }, IbError.cancelNotFound(orderId));
    if (order.state === OrderState.UNTRANSMITTED) return this.cancelOrder(order, now, false);
    if (!isWorking(order.state)) return this.error({ clientId, orderId }, IbError.cancelNotPossible(orderId, order.state));
    const group = order.filled === 0 ? this.oca.others(order, working) : [];
    this.cancelOrder(order, now, true);
    for (const other of group) if (isWorking(other.state)) this.cancelOrder(other, now, false);
    this.applyOcaAfterStep(now);
  }

  /** reqGlobalCancel: every open order of every client. */
  cancelAll(now: number): void {
    for (const order of this.orders.values()) {
      if (isWorking(order.state)) this.cancelOrder(order, now, true);
      else if (order.state === OrderState.UNTRANSMITTED) this.cancelOrder(order, now, false);
    }
    this.applyOcaAfterStep(now);
  }

  /** Cancelled + error 202. `byClient`: a client's cancel, which the fill-after-cancel fault can overtake. */
  private cancelOrder(order: SimOrder, now: number, byClient: boolean): void {
    const fillAnyway = byClient && this.faults.fillAfterCancel === true;
    if (byClient) this.faults.fillAfterCancel = undefined;
    this.apply(order, OrderEvent.CANCEL, now);
    this.error(order, IbError.cancelled());
    if (fillAnyway) {
      const quote = this.market.quote(order.instrument, now);
      const price = quote ? (order.action === 'BUY' ? quote.ask : quote.bid) : (order.lmtPrice ?? order.avgFillPrice);
      this.fill(order, { quantity: remaining(order), price }, now);
    }
  }

  /**
   * A fill the broker reports late, whatever the order's state: after its cancel was acknowledged,
   * after it was rejected, or for an order lost from view (swallowed). IB does send executions
   * after a cancel acknowledgement. `price` defaults to the touch (ask for a buy, bid for a sell).
   */
  lateFill(orderRef: string, quantity: number, price: number | undefined, now: number): Execution | LateFillRefusal {
    const all = [...this.orders.values(), ...this.swallowed.values()].filter((o) => o.orderRef === orderRef);
    const order = all[all.length - 1];
    if (!order) return { ok: false, code: 'UNKNOWN_ORDER', message: `no order with orderRef ${orderRef}` };
    const quote = this.market.quote(order.instrument, now);
    const at = price ?? (quote ? (order.action === 'BUY' ? quote.ask : quote.bid) : undefined);
    if (at === undefined) return { ok: false, code: 'NO_PRICE', message: `no quote for ${order.instrument.conId}: give a price` };
    this.fill(order, { quantity, price: at }, now);
    return this.book.all()[this.book.all().length - 1]!;
  }

  /** Called on every market step: expiries, stop triggers, session holds, fills, then OCA type 3. */
  onStep(now: number): void {
    for (const order of this.orders.values()) if (isWorking(order.state)) this.work(order, now);
    this.applyOcaAfterStep(now);
  }

  private work(order: SimOrder, now: number): void {
    if (order.expiresAt !== undefined && now >= order.expiresAt) {
      this.apply(order, OrderEvent.EXPIRE, now);
      return;
    }
    const session = this.market.session(now);
    const quote = this.market.quote(order.instrument, now);
    if (!order.triggered && quote && (order.orderType === OrderType.STP || order.orderType === OrderType.STP_LMT)) {
      order.triggered = canWork(order, session) && stopTouched(order, quote);
    }
    const active = canWork(order, session) && !this.isUntriggeredStop(order, now);
    if (active !== (order.state === OrderState.SUBMITTED)) this.apply(order, active ? OrderEvent.RELEASE : OrderEvent.HOLD, now);
    if (!active || !quote) return;
    const fill = match(order, quote, this.maxPerFill);
    if (fill) this.fill(order, fill, now);
  }

  private isUntriggeredStop(order: SimOrder, now: number): boolean {
    const isStop = order.orderType === OrderType.STP || order.orderType === OrderType.STP_LMT;
    if (!isStop || order.triggered) return false;
    const quote = this.market.quote(order.instrument, now);
    if (quote && canWork(order, this.market.session(now)) && stopTouched(order, quote)) order.triggered = true;
    return !order.triggered;
  }

  private fill(order: SimOrder, fill: Fill, now: number): void {
    const remainingBefore = remaining(order);
    const execution = this.book.record(order, fill, now);
    if (remaining(order) <= 0) {
      const t = transition(order.state, OrderEvent.FILL_COMPLETE);
      if (t.ok) order.state = t.state;
      order.completedAt = now;
    }
    this.feed({ type: 'fill', order: { ...order }, execution });
    if (order.ocaGroup === '') return;
    // Without block (type 3) the group hears of the execution only after every member had its turn.
    if (adjustsAfterStep(order)) {
      if (!this.ocaAfterStep.has(order)) this.ocaAfterStep.set(order, remainingBefore);
    } else this.adjustOcaGroup(order, remainingBefore, now);
  }

  private adjustOcaGroup(order: SimOrder, remainingBefore: number, now: number): void {
    for (const a of ocaAdjustments(order, remainingBefore, this.oca.others(order, working))) {
      if (a.type === 'cancel') {
        this.cancelOrder(a.order, now, false);
        continue;
      }
      a.order.totalQuantity = a.totalQuantity;
      this.apply(a.order, OrderEvent.OCA_REDUCE, now);
    }
  }

  private applyOcaAfterStep(now: number): void {
    if (this.ocaAfterStep.size === 0) return;
    const executed = [...this.ocaAfterStep];
    this.ocaAfterStep.clear();
    for (const [order, remainingBefore] of executed) this.adjustOcaGroup(order, remainingBefore, now);
  }

  private apply(order: SimOrder, event: OrderEvent, now: number): void {
    const t = transition(order.state, event);
    if (!t.ok) throw new InvalidOrderTransitionError(`order ${order.clientId}/${order.orderId}: ${t.message}`);
    const changed = t.state !== order.state || event === OrderEvent.MODIFY || event === OrderEvent.OCA_REDUCE;
    order.state = t.state;
    if (!isWorking(order.state) && order.state !== OrderState.UNTRANSMITTED) order.completedAt = now;
    if (changed) this.feed({ type: 'order-update', order: { ...order } });
  }

  private error(to: { clientId: number; orderId: number }, e: IbErrorReply): void {
    this.feed({ type: 'error', clientId: to.clientId, id: to.orderId, ...e });
  }

  allOrders(): SimOrder[] {
    return [...this.orders.values()];
  }

  /** Working orders; untransmitted ones stay in TWS and are not reported. */
  openOrders(clientId?: number): SimOrder[] {
    return this.allOrders().filter((o) => isWorking(o.state) && (clientId === undefined || o.clientId === clientId));
  }

  completedOrders(): SimOrder[] {
    return this.allOrders().filter((o) => !isWorking(o.state) && o.state !== OrderState.PENDING && o.state !== OrderState.UNTRANSMITTED);
  }

  allExecutions(): readonly Execution[] {
    return this.book.all();
  }
}

export class InvalidOrderTransitionError extends Error {
  override readonly name = 'InvalidOrderTransitionError';
}

function key(clientId: number, orderId: number): string {
  return `${clientId}:${orderId}`;
}
