import { BrokerOrderStatus } from '@arctrigger/contracts';

/**
 * IB order status strings → canonical status. `PreSubmitted` is a working order waiting for its
 * trigger or the session (not a failure); `Inactive` can come back to life (e.g. outside-RTH
 * orders); a `Filled` may follow `Cancelled` (the fill raced the cancel). None of these are
 * special-cased here: statuses are reported as TWS sends them and fills are counted only from
 * executions.
 */
const ibToCanonical: Record<string, BrokerOrderStatus> = {
  ApiPending: BrokerOrderStatus.PENDING_SUBMIT,
  PendingSubmit: BrokerOrderStatus.PENDING_SUBMIT,
  PreSubmitted: BrokerOrderStatus.PRE_SUBMITTED,
  Submitted: BrokerOrderStatus.SUBMITTED,
  PendingCancel: BrokerOrderStatus.PENDING_CANCEL,
  ApiCancelled: BrokerOrderStatus.CANCELLED,
  Cancelled: BrokerOrderStatus.CANCELLED,
  Filled: BrokerOrderStatus.FILLED,
  Inactive: BrokerOrderStatus.INACTIVE,
};

/** The canonical status for an IB status string; undefined for one IB has not documented. */
export function canonicalStatus(ibStatus: string | undefined): BrokerOrderStatus | undefined {
  return ibStatus === undefined ? undefined : ibToCanonical[ibStatus];
}

/** Statuses after which the order no longer works at the broker (a late fill is still possible). */
export function isDone(status: BrokerOrderStatus): boolean {
  return status === BrokerOrderStatus.CANCELLED || status === BrokerOrderStatus.FILLED;
}

/** A status that tells the gateway TWS has the order (placement acknowledged). */
export function isAcknowledgement(status: BrokerOrderStatus): boolean {
  return status !== BrokerOrderStatus.PENDING_SUBMIT;
}
