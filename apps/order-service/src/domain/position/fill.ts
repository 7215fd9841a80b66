import type { OrderLeg } from '@arctrigger/contracts';

/** One execution as the trade records it (from gw.exec, de-duplicated by execId). */
export interface Fill {
  execId: string;
  orderRef: string;
  leg: OrderLeg;
  side: 'BUY' | 'SELL';
  shares: number;
  price: number;
  at: number;
}

export interface PositionFigures {
  /** Contracts bought by the entry. */
  bought: number;
  /** Contracts sold by every exit. */
  sold: number;
  /** bought − sold: what the trade holds right now. */
  live: number;
  avgEntryPrice: number | null;
  avgExitPrice: number | null;
  /**
   * Realized P&L of the sold contracts against the average entry, × multiplier, net of commissions:
   * every exit commission, and the entry commissions in proportion to the contracts sold.
   */
  realizedPnl: number;
  /** Commissions of the known executions. */
  commission: number;
}

/**
 * The live quantity and P&L, computed from executions only — never from orderStatus plus
 * execDetails (the first version double-counted them). A repeated execId counts once.
 */
export function positionOf(fills: readonly Fill[], multiplier: number, commissions: ReadonlyMap<string, number> = new Map()): PositionFigures {
  const seen = new Set<string>();
  let bought = 0;
  let boughtValue = 0;
  let sold = 0;
  let soldValue = 0;
  let entryCommission = 0;
  let exitCommission = 0;
  for (const f of fills) {
    if (seen.has(f.execId)) continue;
    seen.add(f.execId);
    const commission = commissions.get(f.execId) ?? 0;
    if (f.side === 'BUY') {
      bought += f.shares;
      boughtValue += f.shares * f.price;
      entryCommission += commission;
    } else {
      sold += f.shares;
      soldValue += f.shares * f.price;
      exitCommission += commission;
    }
  }
  const avgEntryPrice = bought > 0 ? boughtValue / bought : null;
  const avgExitPrice = sold > 0 ? soldValue / sold : null;
  const gross = avgEntryPrice !== null && sold > 0 ? (soldValue - sold * avgEntryPrice) * multiplier : 0;
  const entryShare = bought > 0 ? entryCommission * Math.min(1, sold / bought) : 0;
  const realizedPnl = sold > 0 ? round2(gross - exitCommission - entryShare) : 0;
  return { bought, sold, live: bought - sold, avgEntryPrice, avgExitPrice, realizedPnl, commission: round2(entryCommission + exitCommission) };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
