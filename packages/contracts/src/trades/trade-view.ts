import { z } from 'zod';
import { ConId, TradeId, TriggerId } from '../core/ids';
import { EpochMs } from '../core/common';
import { SessionSchema } from '../core/enums';
import { ArmTradeCommand } from './trade-commands';
import { TradeStateSchema } from './trade-state';
import { Actor } from './trade-actor';
import { TradeEvent } from './trade-event';
import { TradeFill, TradeOrder } from './trade-order';

/** A premarket trigger hit and what the policy made of it. */
export const PremarketHit = z.object({
  hitAt: EpochMs,
  price: z.number().positive(),
  session: SessionSchema,
  /** `ask` policy: the hit is cancelled when no decision arrives by then. */
  decisionDeadline: EpochMs.nullable(),
  /** `hold`: the entry trigger is re-armed at this instant (the next regular open). */
  rearmAt: EpochMs.nullable(),
});

/** Current state of one trade, projected from its events (KV bucket `trades`). */
export const TradeView = z.object({
  tradeId: TradeId,
  state: TradeStateSchema,
  /** Who armed it (a console token): traders act only on their own trades. Null when armed before owners existed. */
  owner: Actor.nullable().default(null),
  /** The trade as armed, with later modifications applied (trigger, stop offset, size, strike). */
  spec: ArmTradeCommand.omit({ tradeId: true }),
  optionConId: ConId.nullable(),
  underConId: ConId.nullable(),
  strike: z.number().positive().nullable(),
  multiplier: z.number().int().positive().nullable(),
  marketRuleId: z.number().int().nonnegative().nullable(),
  entryQuantity: z.number().int().nonnegative(),
  /** Bought by the entry, from executions. */
  filledQuantity: z.number().nonnegative(),
  /** Live position (bought − sold), from executions only. */
  openQuantity: z.number().nonnegative(),
  /**
   * Sold beyond what was bought (sold − bought when positive): an exit filled after the trade closed,
   * or oversold. The position is short at the broker; alerted (FILL_AFTER_CLOSE), never traded
   * automatically. Absent in views written before it existed: 0.
   */
  shortQuantity: z.number().nonnegative().default(0),
  avgEntryPrice: z.number().nonnegative().nullable(),
  avgExitPrice: z.number().nonnegative().nullable(),
  stopLevel: z.number().positive().nullable(),
  entryTriggerId: TriggerId.nullable(),
  /**
   * The entry trigger armed now is the reset of a resumed trade (the opposite direction): the
   * condition held when trading resumed, so the price must return before the entry can fire again.
   * Absent in views written before suspension existed: false.
   */
  entryAwaitsReset: z.boolean().default(false),
  stopTriggerId: TriggerId.nullable(),
  takeProfitTriggerId: TriggerId.nullable(),
  entryOrder: TradeOrder.nullable(),
  exits: z.array(TradeOrder),
  fills: z.array(TradeFill),
  premarket: PremarketHit.nullable(),
  /**
   * The broker protective stop was withdrawn by an emergency cancel-all: it is not placed again for
   * this trade (the stop trigger still protects the position). Absent until then.
   */
  guardWithdrawn: z.boolean().optional(),
  /** A full close in progress: every free contract is sold by this leg until the position is flat. */
  closing: z.enum(['stop', 'flat', 'tp']).nullable(),
  reservationId: z.string().nullable(),
  firedAt: EpochMs.nullable(),
  firedPrice: z.number().positive().nullable(),
  firstFillAt: EpochMs.nullable(),
  protectedAt: EpochMs.nullable(),
  /** Commissions charged per execution (commission reports, de-duplicated by execId). */
  commissions: z.array(z.object({ execId: z.string(), amount: z.number().finite() })).default([]),
  /** Sum of `commissions` whose execution is known. */
  totalCommission: z.number().finite().default(0),
  /** Realized P&L net of commissions: exit commissions, and the entry's in proportion to the contracts sold. */
  realizedPnl: z.number().finite(),
  /** The first fill went unprotected past PROTECTION_DEADLINE_MS (cleared once protected). */
  protectionOverdueAt: EpochMs.nullable().default(null),
  reason: z.string().nullable(),
  /** When the trade was made by adopting an external position (null: armed). Absent before adoption existed. */
  adoptedAt: EpochMs.nullable().default(null),
  /** The finished trade this one was reset from (armed again with its spec), if any. */
  resetFrom: TradeId.nullable().default(null),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  /** Sequence of the last event applied (TradeEvent.seq). */
  revision: z.number().int().nonnegative(),
});
export type TradeView = z.infer<typeof TradeView>;

export const TradeWithHistory = z.object({ trade: TradeView, events: z.array(TradeEvent) });
export type TradeWithHistory = z.infer<typeof TradeWithHistory>;
export const TradeList = z.object({ trades: z.array(TradeView) });
export type TradeList = z.infer<typeof TradeList>;
