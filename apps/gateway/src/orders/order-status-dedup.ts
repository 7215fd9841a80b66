import type { BrokerOrderStatus, OrderRef } from '@arctrigger/contracts';

/** What identifies one status report: the same status with the same quantities is the same event. */
export interface StatusKey {
  readonly orderRef: OrderRef;
  readonly status: BrokerOrderStatus;
  readonly filled: number;
  readonly remaining: number;
}

/**
 * TWS repeats orderStatus freely (once per openOrder, after reconnects, on reqOpenOrders). A repeat
 * is dropped here and, should one slip through (a restart), collapses in JetStream because the
 * message id is derived from the same key.
 */
export class OrderStatusDedup {
  private readonly last = new Map<OrderRef, string>();

  /** True the first time this status report is seen for the order (consecutively). */
  isNew(key: StatusKey): boolean {
    const id = statusMsgId(key);
    if (this.last.get(key.orderRef) === id) return false;
    this.last.set(key.orderRef, id);
    return true;
  }
}

/** JetStream message id of a status event: duplicates of the same report collapse. */
export function statusMsgId(key: StatusKey): string {
  return `${key.orderRef}:${key.status}:${key.filled}:${key.remaining}`;
}
