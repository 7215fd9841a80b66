import { parseOrderRef, type CommissionReport } from '@arctrigger/contracts';
import { appendIfAllowed, type TradeContext } from './trade-context';

/**
 * A commission report (gw.commission): recorded on the trade once per execId; the realized P&L
 * is net of it. It may be read before or after its execution (separate consumers): the P&L joins
 * them by execId whenever both are known.
 */
export async function onCommission(ctx: TradeContext, report: CommissionReport): Promise<void> {
  const ref = report.orderRef ? parseOrderRef(report.orderRef) : undefined;
  if (!ref) return;
  const view = ctx.store.get(ref.tradeId);
  if (!view || view.commissions.some((c) => c.execId === report.execId)) return;
  await appendIfAllowed(ctx, ref.tradeId, 'commission-charged', { execId: report.execId, commission: report.commission, currency: report.currency }, `commission:${report.execId}`);
}
