import { fail, OrderCommandErrorCode, TradingState, type ErrorReply, type TradingStateRecord } from '@arctrigger/contracts';

const KillSwitchCode = OrderCommandErrorCode;

/** What the gateway read from KV `trading-state/current` just before an order. */
export type TradingStateRead =
  | { readonly found: true; readonly record: TradingStateRecord }
  | { readonly found: false }
  | { readonly error: string };

/**
 * The gateway's last line of the kill switch: HALTED or REDUCING refuse an opening order; closing
 * orders always pass (they only reduce risk). The kill switch fails closed: a missing record (the
 * risk-service creates it at bootstrap, so missing means never bootstrapped or deleted) and an
 * unreadable one both refuse opening orders.
 */
export function killSwitchVerdict(read: TradingStateRead, opening: boolean): ErrorReply | undefined {
  if (!opening) return undefined;
  if ('error' in read) {
    return fail(KillSwitchCode.TRADING_STATE_UNAVAILABLE, `Opening order refused: the trading state could not be read (${read.error}).`, { retryable: true });
  }
  if (!read.found) {
    return fail(KillSwitchCode.TRADING_STATE_UNAVAILABLE, 'Opening order refused: no trading state is recorded (the risk-service creates it at start; until then opening orders fail closed).', { retryable: true });
  }
  const { state, reason, changedBy } = read.record;
  if (state === TradingState.HALTED) {
    return fail(KillSwitchCode.TRADING_HALTED, `Opening order refused: trading is HALTED by ${changedBy} (${reason}).`);
  }
  if (state === TradingState.REDUCING) {
    return fail(KillSwitchCode.REDUCING_ONLY, `Opening order refused: trading is REDUCING by ${changedBy} (${reason}); only closing orders pass.`);
  }
  return undefined;
}
