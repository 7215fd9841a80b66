import { parseOrderRef, type CommissionReport } from '@arctrigger/contracts';
import type { TradeStorePort } from '../../ports/trade-store.port';

/**
 * A commission report (gw.commission): recorded on the trade once per execId; the realized P&L
 * is net of it. It may be read before or after its execution (separate consumers): the P&L joins
 * them by execId whenever both are known.
 */
export class BookCommission {
  constructor(private readonly trades: TradeStorePort) {}

  async execute(report: CommissionReport): Promise<void> {
    const ref = report.orderRef ? parseOrderRef(report.orderRef) : undefined;
    if (!ref) return;
    const view = this.trades.get(ref.tradeId);
    if (!view || view.commissions.some((c) => c.execId === report.execId)) return;
    await this.trades.appendIfAllowed(ref.tradeId, 'commission-charged', { execId: report.execId, commission: report.commission, currency: report.currency }, `commission:${report.execId}`);
  }
}
