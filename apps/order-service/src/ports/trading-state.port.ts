import type { TradingStateRecord } from '@arctrigger/contracts';

/** The trading state the risk-service keeps (KV `trading-state`), as last seen: null before any was read. */
export interface TradingStatePort {
  current(): TradingStateRecord | null;
}
