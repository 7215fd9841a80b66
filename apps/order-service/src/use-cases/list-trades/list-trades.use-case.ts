import { ok, type Contracts, type ListTradesQuery, type ReplyOf, type TradeView } from '@arctrigger/contracts';
import { isFinal } from '../../domain/lifecycle/transition-table';
import type { TradeStorePort } from '../../ports/trade-store.port';

/**
 * `trade.query.list`: trades by state and symbol, most recently changed first. The working set
 * answers (every trade not finished before the current trading day); a query naming finished
 * states (CLOSED, CANCELLED, REJECTED, FAILED) also lists the older finished trades in them.
 */
export class ListTrades {
  constructor(private readonly trades: TradeStorePort) {}

  async execute(query: ListTradesQuery): Promise<ReplyOf<typeof Contracts.ListTrades>> {
    const matches = (t: TradeView) => (!query.states || query.states.includes(t.state)) && (!query.symbol || t.spec.symbol === query.symbol);
    const finished = query.states?.filter(isFinal) ?? [];
    const archived = finished.length > 0 ? await this.trades.archived({ states: finished, symbol: query.symbol, limit: query.limit }) : [];
    const trades = [...this.trades.all().filter(matches), ...archived]
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, query.limit);
    return ok({ trades });
  }
}
