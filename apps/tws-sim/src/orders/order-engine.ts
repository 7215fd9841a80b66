import type { Market } from '../market/market';
import { IbError } from '../protocol/ib-errors';
import { orderCommission } from './commission';
import { canWork, match, outsideRthIgnored, stopTouched, type Fill } from './matching';
import type { OrderFeed } from './order-feed';
import { OrderEvent, OrderState, isWorking, transition } from './order-status';
import { validateTicket } from './order-validation';
import { PositionBook } from './positions';
import { OrderType, Tif, remaining, type Execution, type OrderTicket, type SimOrder } from './sim-order';

export interface OrderEngineFaults {
  /** The next placeOrder is rejected with this error. */
  rejectNext?: { code: number; reason: string };
  /** The next placed order fills at most this much, then stalls. */
  stallAfter?: number;
  /** The next cancel is acknowledged (Cancelled) and then the order fills anyway. */
  fillAfterCancel?: boolean;
}

/**
 * Accepts, works, fills and cancels orders against the simulated market, and keeps the account's
 * executions and positions. Every client-visible consequence goes out through the feed.
 */
export class OrderEngine {
  private readonly orders = new Map<string, SimOrder>();
  /** Ids TWS has seen per client, including rejected ones: reusing one is error 103. */
  private readonly usedIds = new Set<string>();
  private readonly highestId = new Map<number, number>();
  private readonly executions: Execution[] = [];
  readonly positions: PositionBook;
  readonly faults: OrderEngineFaults = {};
  private nextPermId: number;
  private execSeq = 0;

  constructor(
    private readonly market: Market,
    private readonly feed: OrderFeed,
    readonly account: string,
    private readonly maxPerFill: number | undefined,
    permIdSeed: number,
  ) {
    this.positions = new PositionBook(account);
    this.nextPermId = permIdSeed;
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
    if (existing) return this.modify(existing, ticket, now);
    const error = (code: number, message: string) => this.feed({ type: 'error', clientId: ticket.clientId, id: ticket.orderId, code, message });
    if (this.usedIds.has(key(ticket.clientId, ticket.orderId))) {
      const e = IbError.duplicateOrderId();
      return error(e.code, e.message);
    }
    const invalid = validateTicket(ticket);
    const order: SimOrder = {
      ...ticket,
      permId: this.nextPermId++,
      state: OrderState.PENDING,
      filled: 0,
      avgFillPrice: 0,
      lastFillPrice: 0,
      triggered: false,
      placedAt: now,
      expiresAt: ticket.tif === Tif.DAY ? this.dayEnd(now) : undefined,
      completedAt: undefined,
      fillCap: undefined,
      commission: 0,
    };
    this.usedIds.add(key(ticket.clientId, ticket.orderId));
    this.highestId.set(ticket.clientId, Math.max(this.highestId.get(ticket.clientId) ?? 0, ticket.orderId));
    const injected = this.faults.rejectNext;
    if (invalid || injected) {
      this.faults.rejectNext = undefined;
      const e = invalid ?? (injected!.code === 201 ? IbError.rejected(injected!.reason) : { code: injected!.code, message: injected!.reason });
      error(e.code, e.message);
      order.state = OrderState.INACTIVE;
      order.completedAt = now;
      this.orders.set(key(order.clientId, order.orderId), order);
      return this.feed({ type: 'order-update', order: { ...order } });
    }
    if (this.faults.stallAfter !== undefined) {
      order.fillCap = this.faults.stallAfter;
      this.faults.stallAfter = undefined;
    }
    this.orders.set(key(order.clientId, order.orderId), order);
    const working = canWork(order, this.market.session(now)) && !this.isUntriggeredStop(order, now);
    this.apply(order, working ? OrderEvent.ACCEPT_WORKING : OrderEvent.ACCEPT_HELD, now);
    if (outsideRthIgnored(order)) {
      const w = IbError.outsideRthIgnored();
      error(w.code, w.message);
    }
    this.work(order, now);
  }

  private modify(order: SimOrder, ticket: OrderTicket, now: number): void {
    const error = (e: { code: number; message: string }) => this.feed({ type: 'error', clientId: ticket.clientId, id: ticket.orderId, ...e });
    if (order.state === OrderState.FILLED) return error(IbError.modifyFilled());
    if (!isWorking(order.state)) return error(IbError.duplicateOrderId());
    const invalid = validateTicket(ticket);
    if (invalid) return error(invalid);
    if (ticket.totalQuantity < order.filled) return error(IbError.rejected('Order size is below the filled quantity'));
    Object.assign(order, {
      totalQuantity: ticket.totalQuantity,
      orderType: ticket.orderType,
      lmtPrice: ticket.lmtPrice,
      auxPrice: ticket.auxPrice,
      tif: ticket.tif,
      outsideRth: ticket.outsideRth,
      orderRef: ticket.orderRef,
      expiresAt: ticket.tif === Tif.DAY ? (order.expiresAt ?? this.dayEnd(now)) : undefined,
    });
    this.apply(order, OrderEvent.MODIFY, now);
    this.work(order, now);
  }

  cancel(clientId: number, orderId: number, now: number): void {
    const order = this.orders.get(key(clientId, orderId));
    const error = (e: { code: number; message: string }) => this.feed({ type: 'error', clientId, id: orderId, ...e });
    if (!order) return error(IbError.cancelNotFound(orderId));
    if (!isWorking(order.state)) return error(IbError.cancelNotPossible(orderId, order.state));
    this.cancelOrder(order, now);
  }

  /** reqGlobalCancel: every working order of every client. */
  cancelAll(now: number): void {
    for (const order of this.orders.values()) if (isWorking(order.state)) this.cancelOrder(order, now);
  }

  private cancelOrder(order: SimOrder, now: number): void {
    const fillAnyway = this.faults.fillAfterCancel === true;
    this.faults.fillAfterCancel = undefined;
    this.apply(order, OrderEvent.CANCEL, now);
    const e = IbError.cancelled();
    this.feed({ type: 'error', clientId: order.clientId, id: order.orderId, ...e });
    if (fillAnyway) {
      const quote = this.market.quote(order.instrument, now);
      const price = quote ? (order.action === 'BUY' ? quote.ask : quote.bid) : (order.lmtPrice ?? order.avgFillPrice);
      this.fill(order, { quantity: remaining(order), price }, now);
    }
  }

  /** Called on every market step: expiries, stop triggers, session holds and fills. */
  onStep(now: number): void {
    for (const order of this.orders.values()) if (isWorking(order.state)) this.work(order, now);
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
    const working = canWork(order, session) && !this.isUntriggeredStop(order, now);
    if (working !== (order.state === OrderState.SUBMITTED)) this.apply(order, working ? OrderEvent.RELEASE : OrderEvent.HOLD, now);
    if (!working || !quote) return;
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
    const before = order.filled;
    order.filled += fill.quantity;
    order.avgFillPrice = round((order.avgFillPrice * before + fill.price * fill.quantity) / order.filled);
    order.lastFillPrice = fill.price;
    const total = orderCommission(order.instrument, order.filled, order.avgFillPrice * order.filled * order.instrument.multiplier);
    const commission = round(total - order.commission);
    order.commission = total;
    const signed = order.action === 'BUY' ? fill.quantity : -fill.quantity;
    const realizedPnl = this.positions.apply(order.instrument, signed, fill.price, commission);
    const execution: Execution = {
      execId: `0000${order.permId.toString(16).padStart(8, '0')}.${(++this.execSeq).toString(16).padStart(8, '0')}.01.01`,
      clientId: order.clientId,
      orderId: order.orderId,
      permId: order.permId,
      instrument: order.instrument,
      side: order.action === 'BUY' ? 'BOT' : 'SLD',
      shares: fill.quantity,
      price: fill.price,
      time: now,
      cumQty: order.filled,
      avgPrice: order.avgFillPrice,
      orderRef: order.orderRef,
      account: order.account,
      commission,
      realizedPnl,
    };
    this.executions.push(execution);
    const complete = remaining(order) <= 0;
    if (complete) {
      const t = transition(order.state, OrderEvent.FILL_COMPLETE);
      if (t.ok) order.state = t.state;
      order.completedAt = now;
    }
    this.feed({ type: 'fill', order: { ...order }, execution });
  }

  private apply(order: SimOrder, event: OrderEvent, now: number): void {
    const t = transition(order.state, event);
    if (!t.ok) throw new InvalidOrderTransitionError(`order ${order.clientId}/${order.orderId}: ${t.message}`);
    const changed = t.state !== order.state || event === OrderEvent.MODIFY;
    order.state = t.state;
    if (!isWorking(order.state)) order.completedAt = now;
    if (changed) this.feed({ type: 'order-update', order: { ...order } });
  }

  /** DAY orders live until the close of the current session day, or the next one's if placed after it. */
  private dayEnd(now: number): number {
    const calendar = this.market.calendar;
    const today = calendar.dayOf(now);
    if (today.isTradingDay && now < today.regularClose) return today.regularClose;
    return calendar.dayOf(calendar.nextRegularOpen(now)).regularClose;
  }

  allOrders(): SimOrder[] {
    return [...this.orders.values()];
  }

  openOrders(clientId?: number): SimOrder[] {
    return this.allOrders().filter((o) => isWorking(o.state) && (clientId === undefined || o.clientId === clientId));
  }

  completedOrders(): SimOrder[] {
    return this.allOrders().filter((o) => !isWorking(o.state) && o.state !== OrderState.PENDING);
  }

  allExecutions(): readonly Execution[] {
    return this.executions;
  }
}

export class InvalidOrderTransitionError extends Error {
  override readonly name = 'InvalidOrderTransitionError';
}

function key(clientId: number, orderId: number): string {
  return `${clientId}:${orderId}`;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
