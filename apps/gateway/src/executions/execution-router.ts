import type { OrderRef } from '@arctrigger/contracts';

/** A fill as TWS reports it, before we know for sure which of our orders it belongs to. */
export interface RawExecution {
  readonly execId: string;
  readonly orderId: number;
  readonly permId: number;
  /** IB copies the order's orderRef into the execution; empty for some manual orders. */
  readonly orderRef: string | undefined;
}

export interface RawCommission {
  readonly execId: string;
}

/** What to do with an execution or commission. */
export type Routing<T> =
  | { readonly action: 'publish'; readonly orderRef: OrderRef; readonly item: T }
  | { readonly action: 'duplicate' }
  | { readonly action: 'held' };

/** The order an execution id was published for. */
interface SeenExecution {
  readonly orderRef: OrderRef;
  readonly permId: number;
}

/**
 * Routes executions and commissions to our orders, exactly once per execution:
 * - a repeated execDetails (TWS repeats them after reconnects and for reqExecutions) is a duplicate;
 * - an execution id seen before for another order (another orderRef or permId: a broker, or a
 *   restarted simulator, repeating ids) is no duplicate: it is published for its own order, and
 *   the publisher, finding the id stored for the other one, raises the alert;
 * - an execution that arrives before we know its order (execDetails before openOrder) is held
 *   until the order is identified, never guessed from the IB order id of another session;
 * - a commission report waits for its execution.
 * JetStream's Nats-Msg-Id = execId is the second line of defence across restarts.
 */
export class ExecutionRouter<E extends RawExecution, C extends RawCommission> {
  private readonly seen = new Map<string, SeenExecution>();
  private readonly refByExec = new Map<string, OrderRef>();
  private readonly refByPerm = new Map<number, OrderRef>();
  private readonly refByOrderId = new Map<number, OrderRef>();
  private heldExecutions: E[] = [];
  private heldCommissions: C[] = [];

  constructor(
    private readonly parseRef: (text: string) => OrderRef | undefined,
    private readonly maxRemembered = 200_000,
  ) {}

  /** An order's identity became known (openOrder, placement, reconciliation): releases what it held. */
  identify(orderRef: OrderRef, ids: { orderId?: number; permId?: number }): Array<Routing<E> | Routing<C>> {
    if (ids.permId) this.refByPerm.set(ids.permId, orderRef);
    if (ids.orderId !== undefined) this.refByOrderId.set(ids.orderId, orderRef);
    const held = this.heldExecutions;
    this.heldExecutions = [];
    const out: Array<Routing<E> | Routing<C>> = [];
    for (const e of held) {
      const r = this.onExecution(e);
      if (r.action !== 'held') out.push(r);
    }
    return out.concat(this.releaseCommissions());
  }

  /** Forgets order ids of the previous session (ids can roll back; permIds and refs stay valid). */
  newSession(): void {
    this.refByOrderId.clear();
  }

  onExecution(execution: E): Routing<E> {
    const orderRef = this.resolve(execution);
    const seen = this.seen.get(execution.execId);
    if (seen && isSameOrder(seen, orderRef, execution.permId)) return { action: 'duplicate' };
    if (!orderRef) {
      if (!this.heldExecutions.some((e) => e.execId === execution.execId)) this.heldExecutions.push(execution);
      return { action: 'held' };
    }
    this.remember(execution.execId, { orderRef, permId: execution.permId });
    return { action: 'publish', orderRef, item: execution };
  }

  onCommission(report: C): Routing<C> {
    const orderRef = this.refByExec.get(report.execId);
    if (!orderRef) {
      this.heldCommissions.push(report);
      return { action: 'held' };
    }
    return { action: 'publish', orderRef, item: report };
  }

  /** Commissions whose executions are now known. */
  releaseCommissions(): Array<Routing<C>> {
    const ready = this.heldCommissions.filter((c) => this.refByExec.has(c.execId));
    this.heldCommissions = this.heldCommissions.filter((c) => !this.refByExec.has(c.execId));
    return ready.map((c) => ({ action: 'publish', orderRef: this.refByExec.get(c.execId)!, item: c }));
  }

  get held(): { executions: number; commissions: number } {
    return { executions: this.heldExecutions.length, commissions: this.heldCommissions.length };
  }

  private resolve(execution: E): OrderRef | undefined {
    const fromRef = execution.orderRef ? this.parseRef(execution.orderRef) : undefined;
    return fromRef ?? this.refByPerm.get(execution.permId) ?? this.refByOrderId.get(execution.orderId);
  }

  private remember(execId: string, seen: SeenExecution): void {
    if (this.seen.size >= this.maxRemembered && !this.seen.has(execId)) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
      this.refByExec.delete(oldest);
    }
    this.seen.set(execId, seen);
    // A commission names only the execId: it goes to the order that execution id was last seen for.
    this.refByExec.set(execId, seen.orderRef);
  }
}

/**
 * Whether an execution is the one seen under its id: same orderRef and, when both carry one, same
 * permId. An execution whose order is not known yet cannot be told apart and counts as the same.
 */
function isSameOrder(seen: SeenExecution, orderRef: OrderRef | undefined, permId: number): boolean {
  if (orderRef !== undefined && orderRef !== seen.orderRef) return false;
  return !permId || !seen.permId || permId === seen.permId;
}
