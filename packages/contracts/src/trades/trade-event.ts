import { z } from 'zod';
import { EventId, TradeId } from '../core/ids';
import { EpochMs } from '../core/common';
import { TradeEventFacts } from './trade-event-facts';
import { TradeEventType as E } from './trade-event-type';
import { TradeStateSchema } from './trade-state';
import { Actor } from './trade-actor';

const base = {
  eventId: EventId,
  tradeId: TradeId,
  seq: z.number().int().positive(),
  from: TradeStateSchema.nullable(),
  to: TradeStateSchema,
  at: EpochMs,
  causationId: z.string().nullable(),
  /** Who or what caused it (absent in events written before actors were recorded). */
  actor: Actor.optional(),
};

/**
 * What every trade event has, whatever its type: read this way by whoever only shows or routes
 * events (and so keeps working when a newer order-service adds a type), never to rebuild a trade.
 */
export const TradeEventEnvelope = z.object({ ...base, type: z.string().regex(/^[a-z][a-z0-9-]*$/), detail: z.record(z.string(), z.json()) });
export type TradeEventEnvelope = z.infer<typeof TradeEventEnvelope>;

const member = <T extends E>(type: T) => z.object({ ...base, type: z.literal(type), detail: TradeEventFacts[type] });

/**
 * One transition of a trade (contract `trade.evt`, version 1): appended to the TRADES stream with
 * `Nats-Msg-Id` = `<tradeId>:<seq>`. The stream is the audit log; a trade's history is its list of
 * events. A discriminated union on `type`: each type's `detail` carries exactly its facts
 * (TradeEventFacts), validated when appended and when replayed. The wire format is the envelope's
 * (every typed event is a valid envelope), so readers of the envelope are unaffected.
 */
export const TradeEvent = z.discriminatedUnion('type', [
  member(E.ARMED),
  member(E.ADOPTED),
  member(E.MODIFIED),
  member(E.PREMARKET_HIT),
  member(E.REBASED),
  member(E.HELD),
  member(E.ENTRY_REARMED),
  member(E.SUSPENDED),
  member(E.RESUMED),
  member(E.FIRED),
  member(E.SUBMITTING),
  member(E.SUBMIT_UNKNOWN),
  member(E.ACCEPTED),
  member(E.NOT_FOUND),
  member(E.BROKER_INACTIVE),
  member(E.REPRICED),
  member(E.PARTIALLY_FILLED),
  member(E.FILLED),
  member(E.REMAINDER_CANCELLED),
  member(E.PROTECTED),
  member(E.PROTECTION_FAILED),
  member(E.STOP_LOST),
  member(E.STOP_MOVED),
  member(E.STOP_FIRED),
  member(E.EXIT_SUBMITTED),
  member(E.EXIT_ACCEPTED),
  member(E.EXIT_PARTIALLY_FILLED),
  member(E.EXIT_ENDED),
  member(E.EXIT_DONE),
  member(E.EXIT_DONE_UNPROTECTED),
  member(E.CLOSED),
  member(E.COMMISSION_CHARGED),
  member(E.PROTECTION_OVERDUE),
  member(E.GUARD_PLACED),
  member(E.GUARD_UPDATED),
  member(E.REJECTED),
  member(E.CANCELLED),
  member(E.FAILED),
]);
export type TradeEvent = z.infer<typeof TradeEvent>;
/** One event type's member of the union (its facts typed). */
export type TradeEventOf<T extends E> = Extract<TradeEvent, { type: T }>;
