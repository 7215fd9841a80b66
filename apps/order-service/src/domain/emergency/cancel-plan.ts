import type { TradeOrder, TradeView } from '@arctrigger/contracts';

/** What an emergency cancel-all does with one trade's working orders. */
export interface CancelPlan {
  /** The entry (or its remainder) and the exits that are not part of a full close. */
  readonly cancel: readonly TradeOrder[];
  /** The broker protective stop, withdrawn for good (not placed again). */
  readonly guard: TradeOrder | null;
  /** The exits of a full close under way (stop-out, flatten, automatic take-profit): left to sell the position. */
  readonly kept: readonly TradeOrder[];
}

const working = (o: TradeOrder | null): o is TradeOrder => o !== null && o.status !== 'ended';

/**
 * Every working order of the trade, sorted by what cancel-all does with it. A full close's exits
 * are kept: cancelling them would only make the close send them again (it sells every free
 * contract until the position is flat), and the position is what the operator wants gone.
 */
export function cancelPlanOf(view: TradeView): CancelPlan {
  const exits = view.exits.filter(working);
  const closingLeg = view.closing;
  return {
    cancel: [...(working(view.entryOrder) ? [view.entryOrder] : []), ...exits.filter((x) => x.leg !== 'guard' && x.leg !== closingLeg)],
    guard: exits.find((x) => x.leg === 'guard') ?? null,
    kept: exits.filter((x) => x.leg !== 'guard' && closingLeg !== null && x.leg === closingLeg),
  };
}

export function hasWorkingOrders(view: TradeView): boolean {
  const plan = cancelPlanOf(view);
  return plan.cancel.length > 0 || plan.guard !== null || plan.kept.length > 0;
}
