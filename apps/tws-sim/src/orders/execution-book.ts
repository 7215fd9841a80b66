import type { BrokerIds } from './broker-ids';
import { orderCommission } from './commission';
import type { Fill } from './matching';
import { PositionBook } from './positions';
import type { Execution, SimOrder } from './sim-order';

/**
 * The account's executions and positions. Recording a fill updates the order's filled quantity,
 * average price and commission the way TWS reports them, books the position and returns the
 * execution (execId, cumulative quantity, commission of this fill, realized P&L).
 */
export class ExecutionBook {
  private readonly executions: Execution[] = [];
  readonly positions: PositionBook;
  constructor(
    account: string,
    private readonly ids: BrokerIds,
  ) {
    this.positions = new PositionBook(account);
  }

  record(order: SimOrder, fill: Fill, now: number): Execution {
    const before = order.filled;
    order.filled += fill.quantity;
    order.avgFillPrice = round((order.avgFillPrice * before + fill.price * fill.quantity) / order.filled);
    order.lastFillPrice = fill.price;
    // IB charges per order; each execution carries the increase of the order's total commission.
    const total = orderCommission(order.instrument, order.filled, order.avgFillPrice * order.filled * order.instrument.multiplier);
    const commission = Math.round((total - order.commission) * 1e6) / 1e6;
    order.commission = total;
    const signed = order.action === 'BUY' ? fill.quantity : -fill.quantity;
    const realizedPnl = this.positions.apply(order.instrument, signed, fill.price, commission);
    const execution: Execution = {
      execId: this.ids.nextExecId(),
      clientId: order.clientId,
      orderId: order.orderId,
      permId: order.permId,
      instrument: order.instrument,
      side: order.action === 'BUY' ? 'BOT' : 'SLD',
      shares: fill.quantity,
      price: fill.price,
      time: now,
      cumQty: order.filled,
      avgPrice: order.avgFillPrice,
      orderRef: order.orderRef,
      account: order.account,
      commission,
      realizedPnl,
    };
    this.executions.push(execution);
    return execution;
  }

  all(): readonly Execution[] {
    return this.executions;
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
