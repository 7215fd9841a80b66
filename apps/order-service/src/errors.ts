import type { TradeState } from '@arctrigger/contracts';

/** A transition the table forbids was attempted by the service itself: a bug, not an input problem. */
export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(
    readonly tradeId: string,
    readonly from: TradeState | null,
    readonly event: string,
  ) {
    super(`trade ${tradeId}: ${from ?? '(new)'} cannot take '${event}'`);
  }
}

/**
 * A stored event of a trade does not match its contract (facts that are not its type's, an unknown
 * type): the trade's history cannot be replayed past it, so the trade is set aside — never acted
 * on from a state that may be wrong — and reported; the other trades are rebuilt as usual.
 */
export class InvalidTradeHistoryError extends Error {
  override readonly name = 'InvalidTradeHistoryError';
  constructor(
    readonly tradeId: string,
    readonly eventId: string,
    readonly eventType: string,
    readonly streamSeq: number,
    readonly problems: string,
  ) {
    super(`trade ${tradeId}: stored event ${eventId} ('${eventType}', TRADES seq ${streamSeq}) does not match its contract (${problems}); the trade is set aside until its history is repaired`);
  }
}
