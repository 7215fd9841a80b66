import { fail, type Actor, type TradeId, type TradeView } from '@arctrigger/contracts';

/** A command for a trade this service does not have. */
export function tradeNotFound(tradeId: TradeId | string) {
  return fail('TRADE_NOT_FOUND', `no trade ${tradeId}`);
}

/** A command the trade's current state does not take (`what` completes "cannot … a trade in STATE"). */
export function invalidState(view: TradeView, what: string, hint = '') {
  return fail('INVALID_STATE', `cannot ${what} a trade in ${view.state}${hint}`);
}

/** A trader's command about a trade another token armed. */
export function notYourTrade(view: TradeView, by: Actor) {
  return fail('NOT_YOUR_TRADE', `trade ${view.tradeId} belongs to ${view.owner?.name ?? view.owner?.id}; ${by.name ?? by.id} (${by.role ?? by.kind}) may act only on their own trades`);
}
