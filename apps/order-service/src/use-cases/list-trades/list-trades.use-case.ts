import { ok, type Contracts, type ListTradesQuery, type ReplyOf } from '@arctrigger/contracts';
import type { TradeStorePort } from '../../ports/trade-store.port';

/** `trade.query.list`: trades by state and symbol, most recently changed first. */
export class ListTrades {
  constructor(private readonly trades: TradeStorePort) {}

  execute(query: ListTradesQuery): ReplyOf<typeof Contracts.ListTrades> {
    const trades = this.trades
      .all()
      .filter((t) => (!query.states || query.states.includes(t.state)) && (!query.symbol || t.spec.symbol === query.symbol))
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, query.limit);
    return ok({ trades });
  }
}
