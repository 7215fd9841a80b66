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

/** A daily loss at or above `warnPercent` of its limit (but not yet breaching it). */
export interface LossNearLimit {
  limit: 'realized' | 'total';
  loss: number;
  limitDollars: number;
  percent: number;
}

/**
 * The daily loss limit the day's loss is nearest to, once it reaches `warnPercent` % of it: the
 * warning before the breach moves trading to REDUCING. Undefined below the mark (or with no loss).
 */
export function lossNearLimit(realizedToday: number, unrealized: number, limits: RiskLimits, warnPercent: number): LossNearLimit | undefined {
  const candidates: LossNearLimit[] = [
    { limit: 'realized', loss: toCents(-realizedToday) / 100, limitDollars: limits.dailyRealizedLossLimit, percent: 0 },
    { limit: 'total', loss: toCents(-(realizedToday + unrealized)) / 100, limitDollars: limits.dailyTotalLossLimit, percent: 0 },
  ];
  let nearest: LossNearLimit | undefined;
  for (const c of candidates) {
    if (c.loss <= 0 || c.limitDollars <= 0) continue;
    c.percent = Math.round((c.loss / c.limitDollars) * 1000) / 10;
    if (c.percent >= warnPercent && (!nearest || c.percent > nearest.percent)) nearest = c;
  }
  return nearest;
}
