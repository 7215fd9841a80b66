import type { AdoptRiskPositionCommand, Contracts, ReleaseReservationCommand, ReplyOf, RiskCheckRequestV2, TradeId } from '@arctrigger/contracts';

/** The risk-service's pre-trade gate. No answer in time is a deny (the adapter fails closed). */
export interface RiskPort {
  /** `purpose: 'arm'` judges without reserving or counting; `fire` reserves the order's notional. */
  check(request: RiskCheckRequestV2): Promise<ReplyOf<typeof Contracts.RiskCheckV2>>;
  /** Books an adopted external position on its trade's position (idempotent by trade id). */
  adoptPosition(command: AdoptRiskPositionCommand): Promise<ReplyOf<typeof Contracts.AdoptRiskPosition>>;
  /** Gives a reservation back; a failure is logged, not thrown (reservations expire at the risk-service anyway). */
  release(tradeId: TradeId, reservationId: string | null, reason: ReleaseReservationCommand['reason']): Promise<void>;
}
