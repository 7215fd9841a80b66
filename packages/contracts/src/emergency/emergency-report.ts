import { z } from 'zod';
import { ConId, OrderRef, TradeId } from '../core/ids';
import { SideSchema, enumOf } from '../core/enums';
import type { Actor } from '../trades/trade-actor';

/** What an emergency command did with one order (or one position). */
export const EmergencyAction = {
  /** Cancel one of our working orders at the broker. */
  CANCEL: 'cancel',
  /** Sell a held position at market. */
  SELL: 'sell',
  /** IB's global cancel (`reqGlobalCancel`): every open order of the account, ours or not. */
  GLOBAL_CANCEL: 'global-cancel',
} as const;
export type EmergencyAction = (typeof EmergencyAction)[keyof typeof EmergencyAction];

/** How it ended, as far as the command could see before answering. */
export const EmergencyOutcome = {
  /** The broker confirmed the cancel. */
  CANCELLED: 'cancelled',
  /** The sell was accepted by the broker (it fills at market). */
  SENT: 'sent',
  /** Asked, not confirmed yet: the broker's events settle it (a cancel or a sell in flight, retried under the same orderRef). */
  PENDING: 'pending',
  /** Nothing left to do: the order already ended, the position is already being closed. */
  ALREADY_DONE: 'already-done',
  /** Deliberately left working (a full close already under way sells the position). */
  KEPT: 'kept',
  /** Refused or failed: `error` says why. */
  FAILED: 'failed',
} as const;
export type EmergencyOutcome = (typeof EmergencyOutcome)[keyof typeof EmergencyOutcome];

/** One line of an emergency report: one order (or position), what was done, how it ended. */
export const EmergencyOrderLine = z.object({
  tradeId: TradeId.nullable(),
  /** Null for a sell not sent yet (its contracts are freed by a cancel being confirmed). */
  orderRef: OrderRef.nullable(),
  conId: ConId.nullable(),
  side: SideSchema.nullable(),
  quantity: z.number().nonnegative(),
  action: enumOf(EmergencyAction),
  outcome: enumOf(EmergencyOutcome),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  note: z.string().nullable(),
});
export type EmergencyOrderLine = z.infer<typeof EmergencyOrderLine>;

export const EmergencyStepName = {
  HALT: 'halt',
  CANCEL_ALL: 'cancel-all',
  GLOBAL_CANCEL: 'global-cancel',
  FLATTEN_ALL: 'flatten-all',
} as const;
export type EmergencyStepName = (typeof EmergencyStepName)[keyof typeof EmergencyStepName];

/** One step of an emergency command, in the order it ran. */
export const EmergencyStep = z.object({
  step: enumOf(EmergencyStepName),
  /** False when the step itself could not run (its service did not answer); its lines say the rest. */
  ok: z.boolean(),
  /** One sentence: what the step did (the trading state, how many orders). */
  summary: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  orders: z.array(EmergencyOrderLine),
});
export type EmergencyStep = z.infer<typeof EmergencyStep>;

/**
 * The answer of cancel-all, flatten-all and panic: every step in order, each order by order. An
 * emergency command is never refused for one order: each failure is a line, the others go on.
 */
export const EmergencyReport = z.object({
  command: z.enum(['cancel-all', 'flatten-all', 'panic']),
  /** Who asked: the name of the admin's token (or its id). */
  actor: z.string(),
  reason: z.string(),
  startedAt: z.number().int().nonnegative(),
  finishedAt: z.number().int().nonnegative(),
  steps: z.array(EmergencyStep),
});
export type EmergencyReport = z.infer<typeof EmergencyReport>;

/** The gateway's answer to a global cancel: every working order of ours it knew, and how each ended. */
export const GlobalCancelReport = z.object({ sent: z.boolean(), orders: z.array(EmergencyOrderLine) });
export type GlobalCancelReport = z.infer<typeof GlobalCancelReport>;

/** How a report names who asked. */
export function actorName(by: Actor): string {
  return by.name ?? by.id;
}
