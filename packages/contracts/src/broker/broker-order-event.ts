import { z } from 'zod';
import { ConId, IbOrderId, OrderRef, PermId } from '../core/ids';
import { EpochMs } from '../core/common';
import { enumOf } from '../core/enums';

/**
 * Canonical broker order status. IB's own strings map here; note that `PreSubmitted` is not a
 * failure, `Inactive` is not always final, and a fill can arrive after `Cancelled`.
 */
export const BrokerOrderStatus = {
  PENDING_SUBMIT: 'pending-submit',
  PRE_SUBMITTED: 'pre-submitted',
  SUBMITTED: 'submitted',
  PENDING_CANCEL: 'pending-cancel',
  CANCELLED: 'cancelled',
  FILLED: 'filled',
  INACTIVE: 'inactive',
} as const;
export type BrokerOrderStatus = (typeof BrokerOrderStatus)[keyof typeof BrokerOrderStatus];

const base = {
  orderRef: OrderRef,
  ibOrderId: IbOrderId,
  permId: PermId.nullable(),
  conId: ConId.nullable(),
  at: EpochMs,
  /** True when this event comes from reconciliation after a (re)connect rather than a live callback. */
  reconciled: z.boolean().default(false),
};

/** Status change with cumulative quantities as TWS reports them. Fills are counted from executions only. */
export const BrokerOrderStatusChanged = z.object({
  type: z.literal('status'),
  ...base,
  status: enumOf(BrokerOrderStatus),
  filled: z.number().nonnegative(),
  remaining: z.number().nonnegative(),
  avgFillPrice: z.number().nonnegative(),
  whyHeld: z.string().nullable(),
});

/** The broker refused the order or a modification (201, 110, 2109 …). */
export const BrokerOrderRejected = z.object({
  type: z.literal('rejected'),
  ...base,
  code: z.number().int(),
  reason: z.string(),
});

/** A placement whose outcome is unknown (timeout, disconnect) — later resolved by reconciliation. */
export const BrokerOrderUnknown = z.object({
  type: z.literal('unknown'),
  ...base,
  reason: z.string(),
});

/** Reconciliation found no trace of an order we thought was sent: it never reached the broker. */
export const BrokerOrderNotFound = z.object({
  type: z.literal('not-found'),
  ...base,
});

export const BrokerOrderEvent = z.discriminatedUnion('type', [
  BrokerOrderStatusChanged,
  BrokerOrderRejected,
  BrokerOrderUnknown,
  BrokerOrderNotFound,
]);
export type BrokerOrderEvent = z.infer<typeof BrokerOrderEvent>;
