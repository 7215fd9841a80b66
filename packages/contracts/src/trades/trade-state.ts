import { enumOf } from '../core/enums';

/** The ArcTrigger trade lifecycle (the transition table lives in the order-service). */
export const TradeState = {
  ARMED: 'ARMED',
  /** Trading is not ACTIVE (HALTED, REDUCING): the entry trigger is disarmed, the trade waits to be re-armed. */
  SUSPENDED: 'SUSPENDED',
  PREMARKET_HIT: 'PREMARKET_HIT',
  FIRED: 'FIRED',
  SUBMITTING: 'SUBMITTING',
  SUBMIT_UNKNOWN: 'SUBMIT_UNKNOWN',
  WORKING: 'WORKING',
  PARTIALLY_FILLED: 'PARTIALLY_FILLED',
  OPEN: 'OPEN',
  PROTECTED: 'PROTECTED',
  EXITING: 'EXITING',
  CLOSED: 'CLOSED',
  REJECTED: 'REJECTED',
  CANCELLED: 'CANCELLED',
  FAILED: 'FAILED',
} as const;
export type TradeState = (typeof TradeState)[keyof typeof TradeState];
export const TradeStateSchema = enumOf(TradeState);
