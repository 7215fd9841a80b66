import type { CommissionReport, Execution } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import type { PositionBook } from './position-book';

/**
 * Applies executions and commissions (durable consumer on EXECUTIONS): the trade's position and
 * realized P&L, and — for entry fills — the premium opened on the execution's risk day and by its
 * order, which the checks count as used and take out of the order's reservation. One write per
 * fill, idempotent by execId, so a redelivery changes nothing.
 */
export class FillProjector {
  constructor(
    private readonly positions: PositionBook,
    private readonly clock: Clock,
    private readonly dayAt: (epochMs: number) => string,
    private readonly afterChange: () => Promise<unknown>,
  ) {}

  async onExecution(exec: Execution): Promise<void> {
    // A fill from an earlier risk day still consumes its reservation but not today's cap.
    await this.positions.applyExecution(exec, this.dayAt(exec.executedAt));
    await this.afterChange();
  }

  async onCommission(report: CommissionReport): Promise<void> {
    const now = this.clock.now();
    await this.positions.applyCommission(report, this.dayAt(now), now);
    await this.afterChange();
  }
}
