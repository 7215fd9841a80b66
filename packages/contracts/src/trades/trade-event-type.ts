/**
 * Every kind of trade transition: one value per past-tense fact. Each is appended to the TRADES
 * stream as a TradeEvent whose `type` is this value and whose `detail` holds that type's facts
 * (`TradeEventFacts`).
 */
export const TradeEventType = {
  ARMED: 'armed',
  /** An external position (at the broker, not opened by ArcTrigger) taken over by an admin: creates a trade holding it. */
  ADOPTED: 'adopted',
  MODIFIED: 'modified',
  PREMARKET_HIT: 'premarket-hit',
  REBASED: 'rebased',
  HELD: 'held',
  ENTRY_REARMED: 'entry-rearmed',
  /** Trading left ACTIVE (kill switch, REDUCING): the armed trade's entry trigger is disarmed, the trade kept. */
  SUSPENDED: 'suspended',
  /** Trading is ACTIVE again: the suspended trade's entry is armed again (or waits for the price to return first). */
  RESUMED: 'resumed',
  FIRED: 'fired',
  SUBMITTING: 'submitting',
  SUBMIT_UNKNOWN: 'submit-unknown',
  ACCEPTED: 'accepted',
  NOT_FOUND: 'not-found',
  BROKER_INACTIVE: 'broker-inactive',
  REPRICED: 'repriced',
  PARTIALLY_FILLED: 'partially-filled',
  FILLED: 'filled',
  REMAINDER_CANCELLED: 'remainder-cancelled',
  PROTECTED: 'protected',
  PROTECTION_FAILED: 'protection-failed',
  STOP_MOVED: 'stop-moved',
  STOP_FIRED: 'stop-fired',
  EXIT_SUBMITTED: 'exit-submitted',
  EXIT_ACCEPTED: 'exit-accepted',
  EXIT_PARTIALLY_FILLED: 'exit-partially-filled',
  /** One exit ended while another exit of the trade is still working. */
  EXIT_ENDED: 'exit-ended',
  EXIT_DONE: 'exit-done',
  EXIT_DONE_UNPROTECTED: 'exit-done-unprotected',
  CLOSED: 'closed',
  /** A commission report for one of the trade's executions (changes no state). */
  COMMISSION_CHARGED: 'commission-charged',
  /** The position was still unprotected when the protection deadline passed: an alert, retries go on. */
  PROTECTION_OVERDUE: 'protection-overdue',
  /** The broker-side protective stop (leg `guard`) was sent, in the exits' OCA group. */
  GUARD_PLACED: 'guard-placed',
  /** The protective stop was accepted, resized or ended at the broker. */
  GUARD_UPDATED: 'guard-updated',
  /** The stop trigger was found not armed while the trade held contracts (the auditor asked; the order-service checked): a new one is armed. */
  STOP_LOST: 'stop-lost',
  REJECTED: 'rejected',
  CANCELLED: 'cancelled',
  FAILED: 'failed',
} as const;
export type TradeEventType = (typeof TradeEventType)[keyof typeof TradeEventType];
