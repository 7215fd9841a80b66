import { Contracts, type AdoptRiskPositionCommand, type ReleaseReservationCommand, type RiskCheckRequestV2, type TradeId } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import type { RiskPort } from '../ports/risk.port';

/** The risk-service over the bus; a check waits at most `timeoutMs` (no answer is a deny). */
export class BusRiskAdapter implements RiskPort {
  constructor(
    private readonly bus: Bus,
    private readonly timeoutMs: number,
  ) {}

  check(request: RiskCheckRequestV2) {
    return this.bus.request(Contracts.RiskCheckV2, request, { timeoutMs: this.timeoutMs });
  }

  adoptPosition(command: AdoptRiskPositionCommand) {
    return this.bus.request(Contracts.AdoptRiskPosition, command, { timeoutMs: this.timeoutMs });
  }

  async release(tradeId: TradeId, reservationId: string | null, reason: ReleaseReservationCommand['reason']): Promise<void> {
    if (!reservationId) return;
    const reply = await this.bus.request(Contracts.ReleaseReservation, { reservationId, reason });
    if (!reply.ok) this.bus.logger.warn({ tradeId, reservationId, code: reply.code }, 'reservation release failed');
  }
}
