import { parseOrderRef, OrderLeg, type CommissionReport, type Execution } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import type { BookStore } from '../book/book-store';
import { withOpeningFill } from '../book/risk-book';
import { notionalCents, type Cents } from '../rules/money';
import type { PositionBook } from './position-book';

/**
 * Applies executions and commissions (durable consumer on EXECUTIONS): the trade's position and
 * realized P&L, and — for entry fills — today's used notional, taken out of the order's
 * reservation. Both steps are idempotent by execId, so a redelivery changes nothing.
 */
export class FillProjector {
  constructor(
    private readonly positions: PositionBook,
    private readonly book: BookStore,
    private readonly clock: Clock,
    private readonly dayAt: (epochMs: number) => string,
    private readonly afterChange: () => Promise<unknown>,
  ) {}

  async onExecution(exec: Execution): Promise<void> {
    const ref = parseOrderRef(exec.orderRef);
    if (!ref) return;
    const day = this.dayAt(exec.executedAt);
    await this.positions.applyExecution(exec, day);
    if (ref.leg === OrderLeg.ENTRY) {
      const info = this.positions.contractInfo(exec.conId);
      await this.book.mutate((book) => ({
        book: withOpeningFill(book, {
          execId: exec.execId,
          orderRef: exec.orderRef,
          underlying: info.underlying,
          // A fill from an earlier risk day still consumes its reservation but not today's cap.
          notional: book.day === day ? notionalCents(exec.shares, exec.price, info.multiplier) : (0 as Cents),
        }),
        result: undefined,
      }));
    }
    await this.afterChange();
  }

  async onCommission(report: CommissionReport): Promise<void> {
    const now = this.clock.now();
    await this.positions.applyCommission(report, this.dayAt(now), now);
    await this.afterChange();
  }
}
