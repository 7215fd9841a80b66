import { fail, ok, type Contracts, type ReplyOf, type TakeProfitCommand } from '@arctrigger/contracts';
import { takeProfitQuantity } from '../../domain/exits/exit-quantity';
import { holdsPosition } from '../../domain/lifecycle/trade-state-sets';
import { sellableQuantity } from '../../domain/trade/evolve';
import { invalidState, tradeNotFound } from '../../domain/trade/trade-refusals';
import type { Exits } from '../../flows/exits';
import type { TradeStorePort } from '../../ports/trade-store.port';

/** `trade.cmd.take-profit`: sell a percent of the ORIGINAL filled quantity, at market. */
export class TakeProfit {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly exits: Exits,
  ) {}

  async execute(cmd: TakeProfitCommand): Promise<ReplyOf<typeof Contracts.TakeProfit>> {
    const v = this.trades.get(cmd.tradeId);
    if (!v) return tradeNotFound(cmd.tradeId);
    if (!holdsPosition(v.state) || v.closing) return invalidState(v, 'take profit on');
    const qty = takeProfitQuantity(v.filledQuantity, cmd.percent, sellableQuantity(v));
    if (!qty.ok) return fail(qty.code, qty.message);
    const order = this.exits.order(v, 'tp', qty.quantity);
    await this.trades.append(v.tradeId, 'exit-submitted', { order, closing: null });
    await this.exits.send(v.tradeId, order.orderRef);
    return ok(this.trades.get(v.tradeId)!);
  }
}
