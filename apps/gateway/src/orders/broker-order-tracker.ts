import type { CommissionReport as IbCommission, Contract, Execution as IbExecution, Order, OrderState } from '@stoqey/ib';
import {
  ConId,
  ExecId,
  IbOrderId,
  OrderRef,
  PermId,
  type BrokerOrderStatus,
  type Side,
} from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import { ExecutionRouter, type Routing } from '../executions/execution-router';
import { executionTime } from '../executions/execution-time';
import { canonicalStatus, isAcknowledgement } from './broker-status';
import type { BrokerEventSink } from './broker-event-sink';
import type { ContractPositions } from './contract-positions';
import { OrderStatusDedup, statusMsgId } from './order-status-dedup';

/** What the gateway knows of one of our orders at the broker. */
export interface TrackedOrder {
  readonly orderRef: OrderRef;
  ibOrderId: IbOrderId;
  permId: PermId | null;
  conId: ConId | null;
  status: BrokerOrderStatus | null;
}

/** Everything that can settle a command waiting on an order. */
export type OrderSignal =
  | { kind: 'status'; status: BrokerOrderStatus; permId: PermId | null }
  | { kind: 'error'; code: number; message: string };

type RawExec = { execId: string; orderId: number; permId: number; orderRef: string | undefined; contract: Contract; execution: IbExecution };
type RawComm = { execId: string; report: IbCommission };

const parseRef = (text: string) => {
  const r = OrderRef.safeParse(text);
  return r.success ? r.data : undefined;
};

/**
 * Turns TWS order callbacks (openOrder, orderStatus, completedOrder, execDetails, commissionReport,
 * order errors) into canonical events keyed by orderRef and permId. IB order ids are used only
 * within one session to find the orderRef; repeats are dropped; fills come only from executions.
 */
export class BrokerOrderTracker {
  private readonly byRef = new Map<OrderRef, TrackedOrder>();
  private readonly refByOrderId = new Map<number, OrderRef>();
  private readonly refByPerm = new Map<number, OrderRef>();
  private readonly statusDedup = new OrderStatusDedup();
  private readonly router = new ExecutionRouter<RawExec, RawComm>(parseRef);
  private readonly watchers = new Map<OrderRef, Set<(signal: OrderSignal) => void>>();
  /** Set while reconciliation replays the broker's view: events are flagged `reconciled`. */
  reconciling = false;
  /** orderRefs seen in the broker's open / completed orders during the current reconciliation. */
  readonly seenInReconciliation = new Set<OrderRef>();

  constructor(
    private readonly sink: BrokerEventSink,
    private readonly clock: Clock,
    /** Counts every fill and every selling order's status (closing means closing). */
    private readonly positions?: ContractPositions,
  ) {}

  /** Our own placement (new, or restored from KV at start): known before TWS says anything. */
  expect(orderRef: OrderRef, ibOrderId: IbOrderId, conId: ConId, permId: PermId | null = null): void {
    const known = this.byRef.get(orderRef);
    this.byRef.set(orderRef, { orderRef, ibOrderId, permId: permId ?? known?.permId ?? null, conId, status: known?.status ?? null });
    this.refByOrderId.set(ibOrderId, orderRef);
    if (permId) this.refByPerm.set(permId, orderRef);
    this.emitRoutings(this.router.identify(orderRef, { orderId: ibOrderId, ...(permId ? { permId } : {}) }));
  }

  /** Calls `watcher` with every signal about `orderRef` until the returned function is called. */
  watch(orderRef: OrderRef, watcher: (signal: OrderSignal) => void): () => void {
    let set = this.watchers.get(orderRef);
    if (!set) this.watchers.set(orderRef, (set = new Set()));
    set.add(watcher);
    return () => set.delete(watcher);
  }

  /**
   * New connection. TWS may hand out ids it already used (nextValidId rolls back after a restart),
   * so ids seen from anyone else are forgotten; ids the gateway allocated stay, because the
   * allocator never repeats one (persisted high-water) and our working orders keep them.
   */
  newSession(): void {
    this.refByOrderId.clear();
    this.router.newSession();
    for (const o of this.byRef.values()) this.refByOrderId.set(o.ibOrderId, o.orderRef);
  }

  get(orderRef: OrderRef): TrackedOrder | undefined {
    return this.byRef.get(orderRef);
  }

  orders(): TrackedOrder[] {
    return [...this.byRef.values()];
  }

  onOpenOrder(orderId: number, contract: Contract, order: Order, state: OrderState | undefined): void {
    const orderRef = order.orderRef ? parseRef(order.orderRef) : undefined;
    if (!orderRef) return;
    const tracked = this.identify(orderRef, orderId, order.permId, contract.conId);
    if (this.reconciling) this.seenInReconciliation.add(orderRef);
    const status = canonicalStatus(state?.status);
    // The broker's word on a working order (also after a restart, and after a modify): a sell holds its contracts.
    if (contract.conId && order.totalQuantity !== undefined) this.positions?.ordered(orderRef, contract.conId, sideOf(order.action), Number(order.totalQuantity));
    if (status) this.positions?.status(orderRef, status, 0);
    if (status && isAcknowledgement(status)) this.signal(orderRef, { kind: 'status', status, permId: tracked.permId });
  }

  onCompletedOrder(contract: Contract, order: Order, state: OrderState | undefined): void {
    const orderRef = order.orderRef ? parseRef(order.orderRef) : undefined;
    if (!orderRef) return;
    const tracked = this.identify(orderRef, order.orderId ?? this.byRef.get(orderRef)?.ibOrderId ?? 0, order.permId, contract.conId);
    if (this.reconciling) this.seenInReconciliation.add(orderRef);
    const status = canonicalStatus(state?.status);
    const filled = Number(order.filledQuantity ?? 0);
    const total = Number(order.totalQuantity ?? filled);
    if (status) this.publishStatus(tracked, status, filled, Math.max(0, total - filled), 0, null);
  }

  onOrderStatus(orderId: number, ibStatus: string, filled: number, remaining: number, avgFillPrice: number, permId: number | undefined, whyHeld: string | undefined): void {
    const orderRef = (permId ? this.refByPerm.get(permId) : undefined) ?? this.refByOrderId.get(orderId);
    const status = canonicalStatus(ibStatus);
    if (!orderRef || !status) return;
    const tracked = this.identify(orderRef, orderId, permId, undefined);
    this.publishStatus(tracked, status, filled, remaining, avgFillPrice, whyHeld || null);
    if (isAcknowledgement(status)) this.signal(orderRef, { kind: 'status', status, permId: tracked.permId });
  }

  /** An error about an order id; the orderRef it concerns, when it is one of ours. */
  onOrderError(orderId: number, code: number, message: string, rejection: boolean): OrderRef | undefined {
    const orderRef = this.refByOrderId.get(orderId);
    if (!orderRef) return undefined;
    const tracked = this.byRef.get(orderRef)!;
    if (rejection) {
      this.positions?.dropped(orderRef);
      this.sink.orderEvent(
        { type: 'rejected', orderRef, ibOrderId: tracked.ibOrderId, permId: tracked.permId, conId: tracked.conId, at: this.clock.now(), reconciled: false, code, reason: message },
        `${orderRef}:rejected:${code}:${tracked.ibOrderId}`,
      );
    }
    this.signal(orderRef, { kind: 'error', code, message });
    return orderRef;
  }

  onExecution(contract: Contract, execution: IbExecution): void {
    if (!execution.execId) return;
    this.emitRouting(this.router.onExecution({ execId: execution.execId, orderId: execution.orderId ?? -1, permId: execution.permId ?? 0, orderRef: execution.orderRef, contract, execution }));
    // A commission report that overtook its execution goes out right after it.
    this.emitRoutings(this.router.releaseCommissions());
  }

  onCommission(report: IbCommission): void {
    if (!report.execId) return;
    this.emitRouting(this.router.onCommission({ execId: report.execId, report }));
  }

  /** Publishes a status for an order whose fate reconciliation decided (not-found / unknown). */
  publishResolution(type: 'not-found' | 'unknown', orderRef: OrderRef, ibOrderId: IbOrderId, conId: ConId, reason: string): void {
    if (type === 'not-found') this.positions?.dropped(orderRef);
    const base = { orderRef, ibOrderId, permId: null, conId, at: this.clock.now(), reconciled: type === 'not-found' };
    this.sink.orderEvent(type === 'not-found' ? { type, ...base } : { type, ...base, reason }, `${orderRef}:${type}:${ibOrderId}`);
  }

  get heldExecutions(): number {
    return this.router.held.executions;
  }

  private identify(orderRef: OrderRef, orderId: number, permId: number | undefined, conId: number | undefined): TrackedOrder {
    let tracked = this.byRef.get(orderRef);
    if (!tracked) {
      tracked = { orderRef, ibOrderId: IbOrderId.parse(orderId), permId: null, conId: null, status: null };
      this.byRef.set(orderRef, tracked);
    }
    if (orderId > 0) {
      tracked.ibOrderId = IbOrderId.parse(orderId);
      this.refByOrderId.set(orderId, orderRef);
    }
    if (permId) {
      tracked.permId = PermId.parse(permId);
      this.refByPerm.set(permId, orderRef);
    }
    if (conId) tracked.conId = ConId.parse(conId);
    this.emitRoutings(this.router.identify(orderRef, { orderId, ...(permId ? { permId } : {}) }));
    return tracked;
  }

  private publishStatus(tracked: TrackedOrder, status: BrokerOrderStatus, filled: number, remaining: number, avgFillPrice: number, whyHeld: string | null): void {
    tracked.status = status;
    this.positions?.status(tracked.orderRef, status, filled);
    const key = { orderRef: tracked.orderRef, status, filled, remaining };
    if (!this.statusDedup.isNew(key)) return;
    this.sink.orderEvent(
      { type: 'status', orderRef: tracked.orderRef, ibOrderId: tracked.ibOrderId, permId: tracked.permId, conId: tracked.conId, at: this.clock.now(), reconciled: this.reconciling, status, filled, remaining, avgFillPrice: Math.max(0, avgFillPrice || 0), whyHeld },
      statusMsgId(key),
    );
  }

  private emitRoutings(routings: Array<Routing<RawExec> | Routing<RawComm>>): void {
    for (const r of routings) this.emitRouting(r);
  }

  private emitRouting(r: Routing<RawExec> | Routing<RawComm>): void {
    if (r.action !== 'publish') return;
    if ('report' in r.item) {
      const c = r.item.report;
      this.sink.commission({ execId: ExecId.parse(r.item.execId), orderRef: r.orderRef, commission: c.commission ?? 0, currency: c.currency ?? 'USD', realizedPnl: realized(c.realizedPNL) });
      return;
    }
    const { execution: e, contract } = r.item;
    const tracked = this.byRef.get(r.orderRef);
    const conId = ConId.parse(contract.conId ?? tracked?.conId);
    this.positions?.fill({ execId: r.item.execId, orderRef: r.orderRef, conId, side: sideOf(e.side), shares: Number(e.shares) });
    this.sink.execution({
      execId: ExecId.parse(r.item.execId),
      orderRef: r.orderRef,
      ibOrderId: IbOrderId.parse(Math.max(0, e.orderId ?? tracked?.ibOrderId ?? 0)),
      permId: PermId.parse(e.permId ?? tracked?.permId ?? 0),
      conId,
      side: sideOf(e.side),
      shares: Number(e.shares),
      price: Number(e.price ?? 0),
      cumQty: Number(e.cumQty ?? 0),
      avgPrice: Number(e.avgPrice ?? 0),
      exchange: e.exchange ?? '',
      account: e.acctNumber ?? '',
      executedAt: executionTime(e.time, this.clock.now()),
      reconciled: this.reconciling,
    });
  }

  private signal(orderRef: OrderRef, signal: OrderSignal): void {
    for (const w of [...(this.watchers.get(orderRef) ?? [])]) w(signal);
  }
}

/** IB writes BOT / SLD in executions. */
function sideOf(side: string | undefined): Side {
  return side === 'SLD' || side === 'SELL' ? 'SELL' : 'BUY';
}

/** IB sends Double.MAX_VALUE for "no realized P&L". */
function realized(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) || Math.abs(value) > 1e300 ? null : value;
}
