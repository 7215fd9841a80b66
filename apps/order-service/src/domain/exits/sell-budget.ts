import type { TradeOrder, TradeView } from '@arctrigger/contracts';

/**
 * Never two sellers for one contract: every selling order of a trade — exits and the broker-side
 * protective stop alike — draws its quantity from what the trade holds, and together they never
 * exceed it. Contracts a working order may still sell are spoken for until the broker confirms
 * that order filled, was cancelled, or was made smaller.
 */

/** How many contracts an order still has working (quantity − its fills). */
export function remainingOf(v: TradeView, order: TradeOrder): number {
  return Math.max(0, order.quantity - v.fills.filter((f) => f.orderRef === order.orderRef).reduce((s, f) => s + f.shares, 0));
}

/** The protective stop while it may still sell (sent, or working at the broker). */
export function workingGuard(v: TradeView): TradeOrder | undefined {
  return v.exits.find((x) => x.leg === 'guard' && x.status !== 'ended');
}

/** Contracts an ended order sold at the broker whose executions are not booked yet. */
export function unbookedOf(v: TradeView, order: TradeOrder): number {
  if (order.status !== 'ended' || order.brokerFilled === null) return 0;
  return Math.max(0, order.brokerFilled - v.fills.filter((f) => f.orderRef === order.orderRef).reduce((s, f) => s + f.shares, 0));
}

/**
 * Contracts the protective stop holds: what the working one may still sell, and what an ended one
 * sold that is not booked yet (its cancel reported fills whose executions are on their way).
 */
export function guardRemaining(v: TradeView): number {
  return v.exits.filter((x) => x.leg === 'guard').reduce((sum, x) => sum + (x.status === 'ended' ? unbookedOf(v, x) : remainingOf(v, x)), 0);
}

/** Contracts the working exits (not the protective stop) may still sell. */
function exitsRemaining(v: TradeView): number {
  return v.exits.filter((x) => x.status !== 'ended' && x.leg !== 'guard').reduce((sum, x) => sum + remainingOf(v, x), 0);
}

/** Contracts no working selling order may sell: what a new exit can be sent for, now. */
export function freeToSell(v: TradeView): number {
  return Math.max(0, v.openQuantity - exitsRemaining(v) - guardRemaining(v));
}

/** What the protective stop should cover: the position, less what working exits are selling. */
export function guardTarget(v: TradeView): number {
  return Math.max(0, v.openQuantity - exitsRemaining(v));
}
