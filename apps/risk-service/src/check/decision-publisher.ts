import { Contracts, parseOrderRef, type RiskCheckRequest, type RiskDecision } from '@arctrigger/contracts';
import type { Bus, Clock } from '@arctrigger/service-kit';

/**
 * Publishes the decision of a check of an order with an orderRef (`risk.decision`, core NATS) as
 * the answer goes back to the asker: the gateway places an order sent "on approval" (PlaceOrder v2)
 * the moment it hears the approval, without the answer travelling through the asker first. A
 * gateway that hears nothing sends nothing; the asker, holding the answer, places again with v1.
 */
export function publishDecision(bus: Bus, clock: Clock, order: RiskCheckRequest, decision: RiskDecision): void {
  const ref = order.orderRef ? parseOrderRef(order.orderRef) : undefined;
  if (!order.orderRef || !ref) return;
  try {
    bus.publish(
      Contracts.RiskDecided,
      {
        checkId: order.checkId, orderRef: order.orderRef, tradeId: order.tradeId, conId: order.conId, side: order.side,
        quantity: order.quantity, price: order.price, opening: order.opening, decision, decidedAt: clock.now(),
      },
      { params: { tradeId: ref.tradeId, leg: ref.leg, attempt: ref.attempt } },
    );
  } catch (error) {
    // The asker still gets its answer; unheard, the gateway sends nothing on its own.
    bus.logger.error({ err: error, checkId: order.checkId }, 'risk decision not published');
  }
}
