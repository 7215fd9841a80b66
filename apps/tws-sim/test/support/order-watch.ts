import { EventName, type Contract, type Execution, type Order, type OrderState } from '@stoqey/ib';
import type { TestClient } from './ib-client';

export interface StatusEvent {
  orderId: number;
  status: string;
  filled: number;
  remaining: number;
}

export interface OpenOrderEvent {
  orderId: number;
  order: Order;
  status: string;
}

/** Records every order callback one client receives: orderStatus, openOrder, execDetails. */
export class OrderWatch {
  readonly statuses: StatusEvent[] = [];
  readonly opens: OpenOrderEvent[] = [];
  readonly executions: Execution[] = [];

  constructor(private readonly client: TestClient) {
    client.api.on(EventName.orderStatus, (orderId: number, status: string, filled: number, remaining: number) =>
      this.statuses.push({ orderId, status, filled, remaining }),
    );
    client.api.on(EventName.openOrder, (orderId: number, _contract: Contract, order: Order, state: OrderState) =>
      this.opens.push({ orderId, order, status: String(state.status) }),
    );
    client.api.on(EventName.execDetails, (_reqId: number, _contract: Contract, execution: Execution) => this.executions.push(execution));
  }

  /** Resolves once an orderStatus for `orderId` with `status` (and matching `predicate`) has arrived. */
  status(orderId: number, status: string, predicate: (e: StatusEvent) => boolean = () => true): Promise<StatusEvent> {
    const match = (e: StatusEvent) => e.orderId === orderId && e.status === status && predicate(e);
    const seen = this.statuses.find(match);
    if (seen) return Promise.resolve(seen);
    return this.client
      .once<[number, string, number, number]>(EventName.orderStatus, (id, s, filled, remaining) => match({ orderId: id, status: s, filled, remaining }))
      .then(([id, s, filled, remaining]) => ({ orderId: id, status: s, filled, remaining }));
  }

  statusesOf(orderId: number): StatusEvent[] {
    return this.statuses.filter((e) => e.orderId === orderId);
  }

  lastOpenOrder(orderId: number): OpenOrderEvent | undefined {
    return this.opens.filter((e) => e.orderId === orderId).at(-1);
  }

  sharesExecuted(orderId?: number): number {
    return this.executions.filter((e) => orderId === undefined || e.orderId === orderId).reduce((sum, e) => sum + (e.shares ?? 0), 0);
  }
}
