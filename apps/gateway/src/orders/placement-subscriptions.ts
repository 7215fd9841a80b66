import { Contracts } from '@arctrigger/contracts';
import { asAnswerTo, type Bus } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import type { OrderDesk } from './order-desk';

/**
 * The order desk's placements on the bus — PlaceOrder, PlaceOrderOnApproval and its old subject
 * (gw.order.cmd.place.v2) — on direct subscriptions, as the risk-service serves its checks: they
 * are the fire path, and Nest's dispatch (its pipeline and an observable per call) cost a third of
 * a millisecond per command on a process idle a moment. The bus still checks each command against
 * its contract (INVALID_REQUEST), traces it and checks the answer, as for every handler; the
 * gateway's other requests stay on its Nest controller.
 */
export function servePlacements(bus: Bus, desk: OrderDesk): Subscription[] {
  return [
    bus.reply(Contracts.PlaceOrder, (cmd) => asAnswerTo(Contracts.PlaceOrder, desk.place(cmd))),
    bus.reply(Contracts.PlaceOrderOnApproval, (cmd) => asAnswerTo(Contracts.PlaceOrderOnApproval, desk.placeOnApproval(cmd))),
    // The same command under its old subject, for order-services of the previous release.
    bus.reply(Contracts.PlaceOrderV2, (cmd) => asAnswerTo(Contracts.PlaceOrderV2, desk.placeOnApproval(cmd))),
  ];
}
