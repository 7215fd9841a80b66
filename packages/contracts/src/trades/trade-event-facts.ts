import { z } from 'zod';
import { EpochMs } from '../core/common';
import { ConId, OrderRef, TradeId, TriggerId } from '../core/ids';
import { SessionSchema, TradingStateSchema } from '../core/enums';
import { ArmTradeCommand } from './trade-commands';
import { TradeEventType as E } from './trade-event-type';
import { TradeFill, TradeOrder } from './trade-order';

const Spec = ArmTradeCommand.omit({ tradeId: true });
const OrderRefOnly = z.strictObject({ orderRef: OrderRef });
const Fill = z.strictObject({ fill: TradeFill });
const ExitEnd = z.strictObject({ orderRef: OrderRef, fill: TradeFill.nullable(), reason: z.string().nullable().default(null) });
/** The option a trade trades, as qualified (at arm, or on a rebase to another strike). */
const OptionFacts = {
  optionConId: ConId,
  strike: z.number().positive(),
  multiplier: z.number().int().positive(),
  marketRuleId: z.number().int().nonnegative().nullable(),
};

/**
 * The facts each trade event carries in its `detail`. A trade is rebuilt from these alone, so
 * every fact the state needs is written here — never looked up again on replay. Fields added after
 * events were first written are optional or defaulted, so every event ever stored still parses;
 * a key that belongs to no fact of the type is refused (strict), as facts of another type would be.
 */
export const TradeEventFacts = {
  [E.ARMED]: z.strictObject({
    spec: Spec,
    ...OptionFacts,
    underConId: ConId,
    stopLevel: z.number().positive().nullable(),
    entryTriggerId: TriggerId,
    /** Set when the trade was reset from a finished one (absent in events written before reset existed). */
    resetFrom: TradeId.nullable().optional(),
  }),
  /**
   * Creates a trade that holds an external position (OPEN): `fill` is the contracts taken over, at
   * the broker's average cost per share (avgCost / multiplier); `spec.trigger.price` is the
   * underlying's price when adopted (the stop's reference: `spec.stopLoss` is the offset from it).
   */
  [E.ADOPTED]: z.strictObject({
    spec: Spec,
    ...OptionFacts,
    underConId: ConId,
    stopLevel: z.number().positive(),
    fill: TradeFill,
    /** The broker's whole position and its average cost (per contract) when adopted. */
    brokerPosition: z.number().finite(),
    avgCost: z.number().finite(),
  }),
  [E.MODIFIED]: z.strictObject({ spec: Spec, stopLevel: z.number().positive().nullable(), entryQuantityHint: z.number().int().positive().optional() }),
  [E.PREMARKET_HIT]: z.strictObject({
    triggerId: TriggerId, price: z.number().positive(), session: SessionSchema, decisionDeadline: EpochMs.nullable(), rearmAt: EpochMs.nullable(),
  }),
  [E.REBASED]: z.strictObject({ triggerPrice: z.number().positive(), entryTriggerId: TriggerId, stopLevel: z.number().positive().nullable(), ...OptionFacts }),
  [E.HELD]: z.strictObject({ rearmAt: EpochMs }),
  [E.ENTRY_REARMED]: z.strictObject({ entryTriggerId: TriggerId }),
  /** `tradingState`: the state that suspended the trade; `triggerId`: the entry trigger it had (disarmed). */
  [E.SUSPENDED]: z.strictObject({ tradingState: TradingStateSchema, reason: z.string(), triggerId: TriggerId.nullable() }),
  /**
   * `awaitsReset`: the condition already held when trading resumed and the trade does not fire
   * immediately, so `entryTriggerId` is armed the other way: when it fires (the price went back),
   * the real entry trigger is armed (`entry-rearmed`) — the breakout has to happen again.
   */
  [E.RESUMED]: z.strictObject({ entryTriggerId: TriggerId, awaitsReset: z.boolean() }),
  /** `traceparent`: the firing's trace, so a fill after a restart still joins it. */
  [E.FIRED]: z.strictObject({ triggerId: TriggerId, price: z.number().positive(), session: SessionSchema, tickSeq: z.number().int().nonnegative(), traceparent: z.string().nullable().optional() }),
  [E.SUBMITTING]: z.strictObject({ order: TradeOrder, reservationId: z.string().nullable() }),
  [E.SUBMIT_UNKNOWN]: z.strictObject({ orderRef: OrderRef, reason: z.string() }),
  [E.ACCEPTED]: OrderRefOnly,
  [E.NOT_FOUND]: OrderRefOnly,
  [E.BROKER_INACTIVE]: z.strictObject({ orderRef: OrderRef, reason: z.string() }),
  [E.REPRICED]: z.strictObject({ orderRef: OrderRef, limitPrice: z.number().positive(), step: z.number().int().nonnegative() }),
  [E.PARTIALLY_FILLED]: Fill,
  [E.FILLED]: Fill,
  [E.REMAINDER_CANCELLED]: z.strictObject({ orderRef: OrderRef, reason: z.string() }),
  [E.PROTECTED]: z.strictObject({ stopTriggerId: TriggerId.nullable(), stopLevel: z.number().positive().nullable(), takeProfitTriggerId: TriggerId.nullable() }),
  [E.PROTECTION_FAILED]: z.strictObject({ reason: z.string() }),
  [E.STOP_MOVED]: z.strictObject({ stopLevel: z.number().positive(), stopTriggerId: TriggerId }),
  [E.STOP_FIRED]: z.strictObject({ price: z.number().positive(), triggerId: TriggerId, order: TradeOrder.nullable() }),
  [E.EXIT_SUBMITTED]: z.strictObject({ order: TradeOrder.nullable(), closing: z.enum(['stop', 'flat', 'tp']).nullable() }),
  [E.EXIT_ACCEPTED]: OrderRefOnly,
  [E.EXIT_PARTIALLY_FILLED]: Fill,
  [E.EXIT_ENDED]: ExitEnd,
  [E.EXIT_DONE]: ExitEnd,
  [E.EXIT_DONE_UNPROTECTED]: ExitEnd,
  [E.CLOSED]: z.strictObject({ orderRef: OrderRef, fill: TradeFill.nullable() }),
  [E.COMMISSION_CHARGED]: z.strictObject({ execId: z.string(), commission: z.number().finite(), currency: z.string() }),
  [E.PROTECTION_OVERDUE]: z.strictObject({ deadlineMs: z.number().int().positive(), firstFillAt: EpochMs, reason: z.string() }),
  [E.GUARD_PLACED]: z.strictObject({ order: TradeOrder }),
  /** `quantity` when resized; `status` ended with `reason` when cancelled or refused. */
  [E.GUARD_UPDATED]: z.strictObject({
    orderRef: OrderRef, status: z.enum(['accepted', 'ended']), quantity: z.number().int().positive().nullable(), reason: z.string().nullable(),
    /** Ended: how many contracts the broker reported filled (executions may still be on their way). Absent before v0.4. */
    filled: z.number().int().nonnegative().nullable().default(null),
    /** Ended by an emergency cancel-all: the protective stop is not placed again for this trade (its stop trigger stays armed). Absent before issue 20: false. */
    withdrawn: z.boolean().default(false),
  }),
  [E.STOP_LOST]: z.strictObject({ stopTriggerId: TriggerId.nullable(), triggerStatus: z.string().nullable(), reason: z.string() }),
  [E.REJECTED]: z.strictObject({ code: z.string(), message: z.string(), orderRef: OrderRef.nullable() }),
  [E.CANCELLED]: z.strictObject({ reason: z.string(), orderRef: OrderRef.nullable() }),
  [E.FAILED]: z.strictObject({ code: z.string(), message: z.string(), orderRef: OrderRef.nullable() }),
} as const satisfies Record<E, z.ZodObject>;

/** The facts of one event type, as the order-service writes them (defaults applied on read). */
export type TradeFactsOf<T extends E> = z.input<(typeof TradeEventFacts)[T]>;
