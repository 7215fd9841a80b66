import type { PositionsView, PositionView, TradeId, ConId } from '@arctrigger/contracts';
import type { PositionRecord } from './position';
import { midOf, type QuoteBoard } from './quote-board';

export interface ViewOptions {
  readonly day: string;
  readonly now: number;
  readonly staleAfterMs: number;
  readonly includeFlat: boolean;
}

/** Unrealized P&L of one position at the quote's mid; null when there is no price at all. */
export function unrealizedOf(position: PositionRecord, quotes: QuoteBoard): number | null {
  if (position.quantity === 0) return 0;
  const mid = midOf(quotes.get(position.conId));
  if (mid === null) return null;
  return (mid - position.averageCost) * position.quantity * position.multiplier;
}

/** Unrealized P&L over every open position (positions without any price count as 0). */
export function totalUnrealized(positions: Iterable<PositionRecord>, quotes: QuoteBoard): number {
  let sum = 0;
  for (const p of positions) sum += unrealizedOf(p, quotes) ?? 0;
  return sum;
}

/** What the console's positions view needs, plus P&L per underlying and for the day. */
export function buildPositionsView(positions: readonly PositionRecord[], quotes: QuoteBoard, o: ViewOptions): PositionsView {
  const views: PositionView[] = [];
  const byUnderlying = new Map<string, { realized: number; unrealized: number }>();
  let realizedToday = 0;
  let unrealized = 0;
  for (const p of positions) {
    const todays = p.realizedByDay[o.day] ?? 0;
    realizedToday += todays;
    const u = unrealizedOf(p, quotes);
    unrealized += u ?? 0;
    const key = p.underlying ?? '(unknown)';
    const agg = byUnderlying.get(key) ?? { realized: 0, unrealized: 0 };
    agg.realized += todays;
    agg.unrealized += u ?? 0;
    byUnderlying.set(key, agg);
    if (p.quantity === 0 && !o.includeFlat) continue;
    const quote = quotes.get(p.conId);
    views.push({
      tradeId: p.tradeId as TradeId,
      conId: p.conId as ConId,
      underlying: p.underlying,
      quantity: p.quantity,
      averageCost: round(p.averageCost, 6),
      multiplier: p.multiplier,
      bid: quote?.bid ?? null,
      ask: quote?.ask ?? null,
      mid: midOf(quote),
      realizedPnl: round(p.realizedPnl, 2),
      unrealizedPnl: u === null ? null : round(u, 2),
      commissions: round(p.commissions, 2),
      greeks: quote?.greeks ?? null,
      stale: !quote || o.now - quote.receivedAt > o.staleAfterMs,
      quoteAt: quote?.receivedAt ?? null,
    });
  }
  return {
    day: o.day,
    positions: views,
    byUnderlying: [...byUnderlying].map(([underlying, a]) => ({
      underlying, realized: round(a.realized, 2), unrealized: round(a.unrealized, 2), total: round(a.realized + a.unrealized, 2),
    })),
    today: { realized: round(realizedToday, 2), unrealized: round(unrealized, 2), total: round(realizedToday + unrealized, 2) },
    at: o.now,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
