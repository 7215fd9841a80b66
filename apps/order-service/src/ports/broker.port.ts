import type { Contracts, ModifyOrderCommand, PlaceOrderCommand, ReplyOf } from '@arctrigger/contracts';
import type { z } from 'zod';

/**
 * Orders at the broker, through the gateway. `orderRef` is the idempotency key of every
 * placement: asking again with the same one never makes a second order.
 */
export interface BrokerPort {
  place(order: z.input<typeof PlaceOrderCommand>): Promise<ReplyOf<typeof Contracts.PlaceOrder>>;
  /**
   * Placed by the gateway on the approval of risk check `riskCheckId`, which it hears from the
   * risk-service itself (the check is asked, not answered yet).
   */
  placeOnApproval(order: z.input<typeof PlaceOrderCommand>, riskCheckId: string): Promise<ReplyOf<typeof Contracts.PlaceOrderOnApproval>>;
  modify(command: z.input<typeof ModifyOrderCommand>): Promise<ReplyOf<typeof Contracts.ModifyOrder>>;
  cancel(orderRef: string): Promise<ReplyOf<typeof Contracts.CancelOrder>>;
  /** The broker's view now: every open order and every position of the account (reqAllOpenOrders, reqPositions). */
  snapshot(): Promise<ReplyOf<typeof Contracts.BrokerSnapshot>>;
  /** A reconciliation at the gateway now: its count of each contract's position is read from the broker again. */
  reconcile(reason: string): Promise<ReplyOf<typeof Contracts.Reconcile>>;
  /** IB's global cancel: every open order of the account, ours or not (emergency cancel-all --broker). */
  globalCancel(reason: string): Promise<ReplyOf<typeof Contracts.GlobalCancel>>;
}
