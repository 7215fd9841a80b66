import type { ModifyOrderCommand, OrderCommandAck, OrderPlacement, PlaceOrderCommand, Reply } from '@arctrigger/contracts';
import type { z } from 'zod';

type Ack = z.infer<typeof OrderCommandAck>;

/**
 * Orders at the broker, through the gateway. `orderRef` is the idempotency key of every
 * placement: asking again with the same one never makes a second order.
 */
export interface BrokerPort {
  place(order: z.input<typeof PlaceOrderCommand>): Promise<Reply<OrderPlacement>>;
  /**
   * Placed by the gateway on the approval of risk check `riskCheckId`, which it hears from the
   * risk-service itself (the check is asked, not answered yet).
   */
  placeOnApproval(order: z.input<typeof PlaceOrderCommand>, riskCheckId: string): Promise<Reply<OrderPlacement>>;
  modify(command: z.input<typeof ModifyOrderCommand>): Promise<Reply<Ack>>;
  cancel(orderRef: string): Promise<Reply<Ack>>;
}
