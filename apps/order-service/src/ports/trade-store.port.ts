import type { TradeEvent, TradeEventType, TradeFactsOf, TradeId, TradeState, TradeView } from '@arctrigger/contracts';

/**
 * The trades as the use cases see them: the current view of each, and the only way to change one
 * — appending an event the transition table allows (the adapter is the TRADES stream).
 */
export interface TradeStorePort {
  /** The trade in the working set (every trade not finished before the current trading day). */
  get(tradeId: TradeId): TradeView | undefined;
  /** The working set. */
  all(): TradeView[];
  /** The trade in the working set, or read back from the audit log when it left it (undefined when unknown). */
  find(tradeId: TradeId): Promise<TradeView | undefined>;
  /** Trades out of the working set in one of `states`, most recently changed first (read from the projections). */
  archived(filter: { states: readonly TradeState[]; symbol?: string; limit: number }): Promise<TradeView[]>;
  /** Appends one event the trade's state must allow; a forbidden one is a bug (InvalidTransitionError). */
  append<T extends TradeEventType>(tradeId: TradeId, type: T, facts: TradeFactsOf<T>, causationId?: string | null): Promise<TradeView>;
  /**
   * Appends an event caused by the outside world (broker, trigger, timer) only when the table
   * allows it from the trade's current state; otherwise it is a duplicate or arrived out of order
   * and is ignored (undefined).
   */
  appendIfAllowed<T extends TradeEventType>(tradeId: TradeId, type: T, facts: TradeFactsOf<T>, causationId?: string | null): Promise<TradeView | undefined>;
  /** Why a trade was set aside at start (its stored history does not match the contract), if it was. */
  invalidHistory(tradeId: TradeId): Error | undefined;
  /** A trade's full history, read back from the audit log. */
  history(tradeId: TradeId): Promise<TradeEvent[]>;
}
