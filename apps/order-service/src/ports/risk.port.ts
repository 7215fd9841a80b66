import type { Contracts, ReleaseReservationCommand, ReplyOf, RiskCheckRequest, TradeId } from '@arctrigger/contracts';

/** The risk-service's pre-trade gate. No answer in time is a deny (the adapter fails closed). */
export interface RiskPort {
  check(request: RiskCheckRequest): Promise<ReplyOf<typeof Contracts.RiskCheck>>;
  /** Gives a reservation back; a failure is logged, not thrown (reservations expire at the risk-service anyway). */
  release(tradeId: TradeId, reservationId: string | null, reason: ReleaseReservationCommand['reason']): Promise<void>;
}
