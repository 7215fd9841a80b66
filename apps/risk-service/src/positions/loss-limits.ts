import type { RiskLimits } from '@arctrigger/contracts';
import { dollars, toCents } from '../rules/money';

/**
 * The daily loss limits. A loss that reaches a limit is a breach (a $500 limit is breached by a
 * $500.00 loss, not by $499.99). Returns the reason, or undefined when neither limit is reached.
 */
export function lossLimitBreach(realizedToday: number, unrealized: number, limits: RiskLimits): string | undefined {
  const realizedLoss = toCents(-realizedToday);
  if (realizedLoss >= toCents(limits.dailyRealizedLossLimit)) {
    return `daily realized loss ${dollars(realizedLoss)} reached the limit of ${dollars(toCents(limits.dailyRealizedLossLimit))}`;
  }
  const totalLoss = toCents(-(realizedToday + unrealized));
  if (totalLoss >= toCents(limits.dailyTotalLossLimit)) {
    return `daily realized + unrealized loss ${dollars(totalLoss)} reached the limit of ${dollars(toCents(limits.dailyTotalLossLimit))}`;
  }
  return undefined;
}
