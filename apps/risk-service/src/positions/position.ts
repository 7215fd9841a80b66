import { z } from 'zod';
import { EpochMs, type Execution } from '@arctrigger/contracts';
import { notionalCents } from '../rules/money';

/**
 * One trade's position (KV `risk/position.<tradeId>`), built from its executions. Quantity is
 * signed (long options are positive); money is in dollars; realized P&L is net of commissions and
 * kept per risk day for the daily loss limits. The premium its entry fills paid is kept in cents
 * per risk day (the daily and per-underlying caps) and per entry order (what is left of that
 * order's reservation): counted here, beside the execIds that make each fill count once.
 */
export const PositionRecord = z.object({
  tradeId: z.string().min(1),
  conId: z.number().int().positive(),
  underlying: z.string().nullable(),
  multiplier: z.number().int().positive(),
  quantity: z.number(),
  averageCost: z.number(),
  realizedPnl: z.number(),
  realizedByDay: z.record(z.string(), z.number()),
  commissions: z.number(),
  /** Premium paid by entry fills, in cents, per risk day of the execution (records from before it start empty). */
  openedByDay: z.record(z.string(), z.number().int().nonnegative()).default({}),
  /** Premium paid by entry fills, in cents, per entry orderRef. */
  openedByOrder: z.record(z.string(), z.number().int().nonnegative()).default({}),
  /** Executions and commission reports already applied (idempotency on redelivery). */
  execIds: z.array(z.string()),
  commissionExecIds: z.array(z.string()),
  updatedAt: EpochMs,
});
export type PositionRecord = z.infer<typeof PositionRecord>;

export interface ContractInfo {
  readonly underlying: string | null;
  readonly multiplier: number;
}

export function newPosition(tradeId: string, conId: number, info: ContractInfo, at: number): PositionRecord {
  return {
    tradeId, conId, underlying: info.underlying, multiplier: info.multiplier, quantity: 0, averageCost: 0,
    realizedPnl: 0, realizedByDay: {}, commissions: 0, openedByDay: {}, openedByOrder: {}, execIds: [], commissionExecIds: [], updatedAt: at,
  };
}

/**
 * Applies one fill. Adding to the position moves the average cost; reducing it realizes
 * (price − average cost) × closed quantity × multiplier; a fill that crosses zero opens the
 * remainder at the fill price. A fill of an entry order (`opening`) also adds its premium to the
 * day's and the order's opened notional. Returns undefined when the execution was already applied.
 */
export function applyExecution(position: PositionRecord, exec: Execution, day: string, opening = false): PositionRecord | undefined {
  if (position.execIds.includes(exec.execId)) return undefined;
  const signed = exec.side === 'BUY' ? exec.shares : -exec.shares;
  const q = position.quantity;
  let quantity = q + signed;
  let averageCost = position.averageCost;
  let realized = 0;
  if (q === 0 || Math.sign(q) === Math.sign(signed)) {
    averageCost = (Math.abs(q) * position.averageCost + Math.abs(signed) * exec.price) / (Math.abs(q) + Math.abs(signed));
  } else {
    const closed = Math.min(Math.abs(q), Math.abs(signed));
    realized = closed * (exec.price - position.averageCost) * Math.sign(q) * position.multiplier;
    if (Math.abs(signed) > Math.abs(q)) averageCost = exec.price;
    else if (quantity === 0) averageCost = 0;
  }
  quantity = roundQty(quantity);
  const opened = opening ? notionalCents(exec.shares, exec.price, position.multiplier) : 0;
  return {
    ...position,
    ...(opened > 0 && {
      openedByDay: { ...position.openedByDay, [day]: (position.openedByDay[day] ?? 0) + opened },
      openedByOrder: { ...position.openedByOrder, [exec.orderRef]: (position.openedByOrder[exec.orderRef] ?? 0) + opened },
    }),
    quantity,
    averageCost,
    realizedPnl: position.realizedPnl + realized,
    realizedByDay: { ...position.realizedByDay, [day]: (position.realizedByDay[day] ?? 0) + realized },
    execIds: [...position.execIds, exec.execId],
    updatedAt: exec.executedAt,
  };
}

/**
 * Books an adopted external position (contracts bought outside ArcTrigger, taken over by a trade)
 * as held at `price`: like a buy fill counted once under `adoptionId`, but no opening — the premium
 * was not paid by an order of ours, so it counts toward none of the caps. Undefined when booked already.
 */
export function applyAdoption(position: PositionRecord, adoptionId: string, quantity: number, price: number, at: number): PositionRecord | undefined {
  if (position.execIds.includes(adoptionId)) return undefined;
  const held = Math.max(0, position.quantity);
  return {
    ...position,
    quantity: roundQty(position.quantity + quantity),
    averageCost: (held * position.averageCost + quantity * price) / (held + quantity),
    execIds: [...position.execIds, adoptionId],
    updatedAt: at,
  };
}

/** Commissions reduce realized P&L on the day they are reported. */
export function applyCommission(position: PositionRecord, execId: string, commission: number, day: string, at: number): PositionRecord | undefined {
  if (position.commissionExecIds.includes(execId)) return undefined;
  return {
    ...position,
    commissions: position.commissions + commission,
    realizedPnl: position.realizedPnl - commission,
    realizedByDay: { ...position.realizedByDay, [day]: (position.realizedByDay[day] ?? 0) - commission },
    commissionExecIds: [...position.commissionExecIds, execId],
    updatedAt: at,
  };
}

function roundQty(q: number): number {
  return Math.round(q * 1e6) / 1e6;
}
