import { z } from 'zod';
import { EpochMs } from '../core/common';
import { SideSchema } from '../core/enums';
import { OrderRef } from '../core/ids';

/** Lifecycle of one broker order of a trade, as the order-service knows it. */
export const TradeOrderStatus = {
  /** Recorded, sent (or about to be): the outcome is not known yet. Re-sent on restart (orderRef is idempotent). */
  SENDING: 'sending',
  /** The gateway could not tell whether the broker got it: resolved by asking again or by reconciliation. */
  UNKNOWN: 'unknown',
  ACCEPTED: 'accepted',
  /** Filled, cancelled or refused: no longer working. */
  ENDED: 'ended',
} as const;

/** One broker order of a trade (the entry or an exit). */
export const TradeOrder = z.object({
  orderRef: OrderRef,
  leg: z.enum(['entry', 'stop', 'tp', 'flat', 'guard']),
  side: SideSchema,
  orderType: z.enum(['MKT', 'LMT', 'STP']),
  quantity: z.number().int().positive(),
  limitPrice: z.number().positive().nullable(),
  stopPrice: z.number().positive().nullable().default(null),
  status: z.enum(['sending', 'unknown', 'accepted', 'ended']),
  /** Why it ended when it did not fill (broker reason). */
  endReason: z.string().nullable().default(null),
  pricedAt: EpochMs,
  /**
   * How many contracts the broker reported filled when the order ended (null: not reported, or
   * ended before this was recorded). Executions still to come are the difference from its booked
   * fills: those contracts are spoken for until they are booked.
   */
  brokerFilled: z.number().int().nonnegative().nullable().default(null),
  repriceSteps: z.number().int().nonnegative(),
});
export type TradeOrder = z.infer<typeof TradeOrder>;

/** One execution of one of the trade's orders (de-duplicated by execId). */
export const TradeFill = z.object({
  execId: z.string(),
  orderRef: OrderRef,
  leg: z.enum(['entry', 'stop', 'tp', 'flat', 'guard']),
  side: SideSchema,
  shares: z.number().positive(),
  price: z.number().nonnegative(),
  at: EpochMs,
});
export type TradeFill = z.infer<typeof TradeFill>;
