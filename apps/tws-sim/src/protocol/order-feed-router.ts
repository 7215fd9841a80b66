import type { Clock } from '@arctrigger/service-kit';
import type { FaultState } from '../faults/fault-state';
import type { OrderFeedEvent } from '../orders/order-feed';
import type { ClientSession } from './client-session';
import type { WireValue } from './framing';
import { commissionReportMessage, executionMessage } from './messages/execution-messages';
import { openOrderMessage, orderStatusMessage } from './messages/order-messages';

/**
 * Delivers order events to the client that owns the order, applying the callback faults: late
 * delivery, duplicate execDetails, execDetails ahead of the order's openOrder.
 */
export class OrderFeedRouter {
  /** order key → messages held back until the order's first execDetails. */
  private readonly heldBack = new Map<string, WireValue[][]>();

  constructor(
    private readonly sessions: () => ClientSession[],
    private readonly clock: Clock,
    private readonly faults: FaultState,
  ) {}

  deliver(event: OrderFeedEvent): void {
    if (this.faults.callbackDelayMs > 0) {
      this.clock.setTimer(this.faults.callbackDelayMs, () => this.route(event));
      return;
    }
    this.route(event);
  }

  private route(event: OrderFeedEvent): void {
    if (event.type === 'error') {
      for (const s of this.owners(event.clientId)) s.sendError(event.id, { code: event.code, message: event.message });
      return;
    }
    const order = event.order;
    const key = `${order.clientId}:${order.orderId}`;
    const update = [openOrderMessage(order), orderStatusMessage(order)];
    if (this.faults.execBeforeOpenOrder && event.type === 'order-update' && !this.heldBack.has(key)) {
      this.faults.execBeforeOpenOrder = false;
      this.heldBack.set(key, []);
    }
    const held = this.heldBack.get(key);
    let messages: WireValue[][];
    if (event.type === 'order-update') {
      if (held) {
        held.push(...update);
        return;
      }
      messages = update;
    } else {
      const exec = executionMessage(-1, event.execution);
      const execs = this.faults.duplicateNextExecution ? [exec, exec] : [exec];
      this.faults.duplicateNextExecution = false;
      this.heldBack.delete(key);
      messages = [...execs, ...(held ?? []), ...update, commissionReportMessage(event.execution)];
    }
    for (const s of this.owners(order.clientId)) s.sendAll(messages);
  }

  private owners(clientId: number): ClientSession[] {
    return this.sessions().filter((s) => s.clientId === clientId || (s.autoOpenOrders && s.clientId === 0));
  }
}
