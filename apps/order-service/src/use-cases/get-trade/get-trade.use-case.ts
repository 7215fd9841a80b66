import { fail, ok, type Contracts, type ReplyOf, type TradeId } from '@arctrigger/contracts';
import { tradeNotFound } from '../../domain/trade/trade-refusals';
import type { TradeStorePort } from '../../ports/trade-store.port';

/**
 * `trade.query.get`: one trade with its full history (a trade set aside says why) — also a trade
 * finished before the trading day, read back from the audit log.
 */
export class GetTrade {
  constructor(private readonly trades: TradeStorePort) {}

  async execute(tradeId: TradeId): Promise<ReplyOf<typeof Contracts.GetTrade>> {
    const invalid = this.trades.invalidHistory(tradeId);
    if (invalid) return fail('TRADE_HISTORY_INVALID', invalid.message);
    const trade = await this.trades.find(tradeId);
    const setAside = this.trades.invalidHistory(tradeId);
    if (setAside) return fail('TRADE_HISTORY_INVALID', setAside.message);
    if (!trade) return tradeNotFound(tradeId);
    return ok({ trade, events: await this.trades.history(tradeId) });
  }
}
