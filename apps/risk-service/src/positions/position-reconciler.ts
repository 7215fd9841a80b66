import { Contracts, type BrokerPosition } from '@arctrigger/contracts';
import type { Bus, Clock, TimerHandle } from '@arctrigger/service-kit';
import type { PositionBook } from './position-book';

/**
 * Compares the broker's positions (`gw.position.v1`, sent by the gateway after every (re)connect's
 * reconciliation) with what the risk-service counted from executions, for the contracts it knows
 * (others are not ArcTrigger's). A difference is looked at again after `recheckMs` against the
 * latest snapshot — executions from the same reconciliation may still be on their way through the
 * durable consumer — and one that persists is published on RISK_EVENTS
 * (`risk.evt.position-mismatch.v1`, shown by the console) and logged as an error.
 */
export class PositionReconciler {
  private readonly latest = new Map<number, BrokerPosition>();
  private readonly rechecks = new Map<number, TimerHandle>();

  constructor(
    private readonly positions: PositionBook,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly recheckMs: number,
  ) {}

  onBrokerPosition(snapshot: BrokerPosition): void {
    if (!this.positions.knows(snapshot.conId)) return;
    this.latest.set(snapshot.conId, snapshot);
    if (this.rechecks.has(snapshot.conId) || this.positions.quantityOf(snapshot.conId) === snapshot.position) return;
    this.rechecks.set(snapshot.conId, this.clock.setTimer(this.recheckMs, () => {
      this.rechecks.delete(snapshot.conId);
      this.recheck(snapshot.conId).catch((error: unknown) => this.bus.logger.error({ err: error, conId: snapshot.conId }, 'position mismatch not published'));
    }));
  }

  stop(): void {
    for (const t of this.rechecks.values()) t.cancel();
    this.rechecks.clear();
  }

  private async recheck(conId: number): Promise<void> {
    const broker = this.latest.get(conId);
    const counted = this.positions.quantityOf(conId);
    if (!broker || broker.position === counted) return;
    const mismatch = {
      conId: broker.conId, underlying: this.positions.contractInfo(conId).underlying, account: broker.account,
      brokerPosition: broker.position, countedPosition: counted, at: this.clock.now(),
    };
    this.bus.logger.error(mismatch, `position mismatch: the broker holds ${broker.position} of ${conId}, executions account for ${counted}`);
    await this.bus.publishDurable(Contracts.PositionMismatch, mismatch, { msgId: `position-mismatch:${conId}:${broker.at}` });
  }
}
