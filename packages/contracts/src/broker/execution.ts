import { z } from 'zod';
import { ConId, ExecId, IbOrderId, OrderRef, PermId } from '../core/ids';
import { EpochMs } from '../core/common';
import { SideSchema } from '../core/enums';

/** One fill. Published with `Nats-Msg-Id` = execId, so a repeated execDetails never becomes a second fill. */
export const Execution = z.object({
  execId: ExecId,
  orderRef: OrderRef,
  ibOrderId: IbOrderId,
  permId: PermId,
  conId: ConId,
  side: SideSchema,
  shares: z.number().positive(),
  price: z.number().nonnegative(),
  cumQty: z.number().nonnegative(),
  avgPrice: z.number().nonnegative(),
  exchange: z.string(),
  account: z.string(),
  executedAt: EpochMs,
  reconciled: z.boolean().default(false),
});
export type Execution = z.infer<typeof Execution>;

export const CommissionReport = z.object({
  execId: ExecId,
  orderRef: OrderRef.nullable(),
  commission: z.number().finite(),
  currency: z.string(),
  realizedPnl: z.number().finite().nullable(),
});
export type CommissionReport = z.infer<typeof CommissionReport>;

/** A broker position, published by reconciliation. */
export const BrokerPosition = z.object({
  account: z.string(),
  conId: ConId,
  position: z.number().finite(),
  avgCost: z.number().finite(),
  at: EpochMs,
});
export type BrokerPosition = z.infer<typeof BrokerPosition>;
