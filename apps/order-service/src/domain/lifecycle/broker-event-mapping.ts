import { TradeEventType, type BrokerOrderEvent } from '@arctrigger/contracts';

const E = TradeEventType;

/**
 * What a broker order event means for the trade's ENTRY order. Fill quantities in status events
 * are ignored on purpose: a trade's quantity comes from executions only (the first version
 * double-counted orderStatus plus execDetails).
 *
 * Returns null when the event carries no lifecycle meaning (PendingCancel, Filled status …).
 */
export function entryEventFor(event: BrokerOrderEvent, hasFills: boolean): TradeEventType | null {
  switch (event.type) {
    case 'status':
      switch (event.status) {
        // PreSubmitted is an acknowledgement (IB holds the order until its conditions are met).
        case 'pending-submit':
        case 'pre-submitted':
        case 'submitted':
          return E.ACCEPTED;
        // Inactive is not always final: recorded, the order is not written off.
        case 'inactive':
          return E.BROKER_INACTIVE;
        case 'cancelled':
          return hasFills ? E.REMAINDER_CANCELLED : E.CANCELLED;
        case 'pending-cancel':
        case 'filled':
          return null;
      }
      return null;
    case 'rejected':
      return hasFills ? E.REMAINDER_CANCELLED : E.REJECTED;
    case 'unknown':
      return E.SUBMIT_UNKNOWN;
    case 'not-found':
      return E.NOT_FOUND;
  }
}

/** How a broker order event ends or advances an EXIT order. */
export type ExitOutcome = 'accepted' | 'ended' | 'lost' | null;

export function exitOutcomeFor(event: BrokerOrderEvent): ExitOutcome {
  switch (event.type) {
    case 'status':
      if (event.status === 'pre-submitted' || event.status === 'submitted' || event.status === 'pending-submit') return 'accepted';
      // Cancelled ends the exit; a fill arriving afterwards is still counted from its execution.
      if (event.status === 'cancelled') return 'ended';
      return null;
    case 'rejected':
      return 'ended';
    case 'unknown':
      return null;
    case 'not-found':
      return 'lost';
  }
}
