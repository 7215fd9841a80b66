import { fail, type TradeId, type TradeView } from '@arctrigger/contracts';

/** A command for a trade this service does not have. */
export function tradeNotFound(tradeId: TradeId | string) {
  return fail('TRADE_NOT_FOUND', `no trade ${tradeId}`);
}

/** A command the trade's current state does not take (`what` completes "cannot … a trade in STATE"). */
export function invalidState(view: TradeView, what: string, hint = '') {
  return fail('INVALID_STATE', `cannot ${what} a trade in ${view.state}${hint}`);
}
