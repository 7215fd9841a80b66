import { AlertCode, AlertSeverity, TradingState, type FeedState, type PositionMismatch, type TradingStateChanged } from '@arctrigger/contracts';
import type { RaiseAlert } from '@arctrigger/service-kit';

/**
 * The alerts the console derives from what the services announce, one function per event: each
 * returns the alert to raise, or undefined when the event is no alert. Every console instance
 * raises them; the alert's dedup key makes JetStream store one.
 */
export const EventAlerts = {
  /** The kill switch (trading state) changed: whoever watches the desk must know. */
  tradingStateChanged(e: TradingStateChanged): RaiseAlert | undefined {
    if (e.previous === e.current.state) return undefined;
    return {
      code: AlertCode.KILL_SWITCH_CHANGED,
      severity: e.current.state === TradingState.ACTIVE ? AlertSeverity.INFO : AlertSeverity.CRITICAL,
      dedupKey: `${AlertCode.KILL_SWITCH_CHANGED}:${e.current.state}:${e.current.at}`,
      message: `Trading state ${e.previous} → ${e.current.state} by ${e.current.changedBy}: ${e.current.reason}.${e.failures.length > 0 ? ` ${e.failures.length} kill-switch step(s) failed.` : ''}`,
      facts: { previous: e.previous, state: e.current.state, reason: e.current.reason, changedBy: e.current.changedBy, at: e.current.at, cancelledOrders: e.cancelledOrders, disarmedTriggers: e.disarmedTriggers, failures: e.failures },
    };
  },

  /** The broker holds another quantity than the executions explain: an external or unprotected position. */
  positionMismatch(e: PositionMismatch): RaiseAlert {
    return {
      code: AlertCode.EXTERNAL_POSITION,
      severity: AlertSeverity.CRITICAL,
      dedupKey: `${AlertCode.EXTERNAL_POSITION}:${e.account}:${e.conId}:${e.brokerPosition}`,
      message: `The broker holds ${e.brokerPosition} of contract ${e.conId}${e.underlying ? ` (${e.underlying})` : ''} in ${e.account}; ArcTrigger's trades explain ${e.countedPosition}.`,
      facts: { conId: e.conId, underlying: e.underlying, account: e.account, brokerPosition: e.brokerPosition, countedPosition: e.countedPosition, at: e.at },
    };
  },

  /** A market-data farm went stale (active) or fresh again (all-clear). */
  feedState(e: FeedState): RaiseAlert {
    return {
      code: AlertCode.DATA_FARM_BROKEN,
      severity: e.stale ? AlertSeverity.WARNING : AlertSeverity.INFO,
      dedupKey: `${AlertCode.DATA_FARM_BROKEN}:${e.feed}`,
      active: e.stale,
      message: e.stale ? `Market-data farm ${e.feed} is broken (${e.code}: ${e.message}); triggers on its contracts do not fire.` : `Market-data farm ${e.feed} is fine again.`,
      facts: { feed: e.feed, code: e.code, message: e.message, at: e.at },
    };
  },
} as const;
