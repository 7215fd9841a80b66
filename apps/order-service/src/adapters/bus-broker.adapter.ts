import { Contracts, type ModifyOrderCommand, type PlaceOrderCommand } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import type { z } from 'zod';
import type { BrokerPort } from '../ports/broker.port';

/** Orders through the gateway over the bus (`gw.order.cmd.*`). */
export class BusBrokerAdapter implements BrokerPort {
  constructor(private readonly bus: Bus) {}

  place(order: z.input<typeof PlaceOrderCommand>) {
    return this.bus.request(Contracts.PlaceOrder, order);
  }

  placeOnApproval(order: z.input<typeof PlaceOrderCommand>, riskCheckId: string) {
    return this.bus.request(Contracts.PlaceOrderOnApproval, { ...order, riskCheckId });
  }

  modify(command: z.input<typeof ModifyOrderCommand>) {
    return this.bus.request(Contracts.ModifyOrder, command);
  }

  cancel(orderRef: string) {
    return this.bus.request(Contracts.CancelOrder, { orderRef });
  }

  snapshot() {
    return this.bus.request(Contracts.BrokerSnapshot, {});
  }

  reconcile(reason: string) {
    return this.bus.request(Contracts.Reconcile, { reason });
  }

  globalCancel(reason: string) {
    return this.bus.request(Contracts.GlobalCancel, { reason });
  }
}
