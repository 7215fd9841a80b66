import { fail, ok, type Contracts, type ReplyOf, type TakeProfitCommand } from '@arctrigger/contracts';
import { takeProfitQuantity } from '../../domain/exits/exit-quantity';
import { freeToSell, guardRemaining } from '../../domain/exits/sell-budget';
import { holdsPosition } from '../../domain/lifecycle/trade-state-sets';
import { invalidState, tradeNotFound } from '../../domain/trade/trade-refusals';
import type { Exits } from '../../flows/exits';
import type { ProtectiveStop } from '../../flows/protective-stop';
import type { TradeStorePort } from '../../ports/trade-store.port';

/**
 * `trade.cmd.take-profit`: sell a percent of the ORIGINAL filled quantity, at market. Contracts the
 * protective stop holds are taken from it first — the guard made smaller, confirmed by the broker —
 * so the two never sell the same contract.
 */
export class TakeProfit {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly exits: Exits,
    private readonly guard: ProtectiveStop,
  ) {}

  async execute(cmd: TakeProfitCommand): Promise<ReplyOf<typeof Contracts.TakeProfit>> {
    const v = this.trades.get(cmd.tradeId);
    if (!v) return tradeNotFound(cmd.tradeId);
    if (!holdsPosition(v.state) || v.closing) return invalidState(v, 'take profit on');
    const qty = takeProfitQuantity(v.filledQuantity, cmd.percent, freeToSell(v) + guardRemaining(v));
    if (!qty.ok) return fail(qty.code, qty.message);
    const released = await this.guard.release(v.tradeId, qty.quantity - freeToSell(v));
    if (!released.ok) return released;
    const now = this.trades.get(v.tradeId)!;
    const order = this.exits.order(now, 'tp', qty.quantity);
    await this.trades.append(v.tradeId, 'exit-submitted', { order, closing: null });
    await this.exits.send(v.tradeId, order.orderRef);
    return ok(this.trades.get(v.tradeId)!);
  }
}
