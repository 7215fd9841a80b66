import { z } from 'zod';
import { EpochMs, type RiskCheckRequest, type RiskDecided } from '@arctrigger/contracts';
import { notionalCents, type Cents } from '../rules/money';
import type { RiskUsage } from '../rules/risk-rule';

/** Opening notional held for an approved order until it is released, filled or expires. */
export const Reservation = z.object({
  reservationId: z.string().min(1),
  checkId: z.string().min(1),
  tradeId: z.string().min(1),
  orderRef: z.string().nullable(),
  underlying: z.string(),
  conId: z.number().int().positive(),
  /** Cents approved for the order; its fills' premium is taken off when usage is counted. */
  notional: z.number().int().nonnegative(),
  createdAt: EpochMs,
  expiresAt: EpochMs,
});
export type Reservation = z.infer<typeof Reservation>;

/** Approvals counted per whole second: [epoch second, approvals in it]. */
export const ApprovalCount = z.tuple([z.number().int().nonnegative(), z.number().int().positive()]);
export type ApprovalCount = z.infer<typeof ApprovalCount>;

/**
 * The risk book (KV `risk/book`): live reservations and the last minute's approvals. One record,
 * written by compare-and-set, so concurrent checks — in this process or in another instance — can
 * never jointly pass a cap. It stays small however busy the day (what fills used is counted on the
 * positions, not here): every check writes it, and a KV write costs more the bigger the record.
 * Records written before approvals were counted per second still read (their approvals start empty).
 */
export const RiskBookRecord = z.object({
  /** Reserved notional is what the order was approved for; its fills' premium is taken off when usage is counted. */
  reservations: z.array(Reservation),
  /** Approvals in the last minute (order-rate limit), oldest first. */
  approvalsPerSecond: z.array(ApprovalCount).default([]),
  /**
   * The RISK_DECISIONS sequence this snapshot holds every decision up to: the book is this record
   * plus the decisions after it (records written before the decision log read as 0).
   */
  coveredSeq: z.number().int().nonnegative().default(0),
});
export type RiskBookRecord = z.infer<typeof RiskBookRecord>;

/** What the positions say about opening notional already used (see PositionBook). */
export interface OpenedExposure {
  /** Entry premium filled on `day` over every trade. */
  openedOn(day: string): Cents;
  /** Entry premium filled on `day` on `underlying`. */
  openedOnUnderlying(day: string, underlying: string): Cents;
  /** Premium the fills of one entry order have paid so far. */
  filledByOrder(orderRef: string): Cents;
  /** Trades holding a position. */
  openTradeIds(): ReadonlySet<string>;
  /** Contracts of `conId` held over every trade (signed). */
  quantityOf(conId: number): number;
}

const MINUTE = 60_000;

export function emptyBook(): RiskBookRecord {
  return { reservations: [], approvalsPerSecond: [], coveredSeq: 0 };
}

/**
 * Drops expired reservations and the approvals of seconds wholly older than a minute. A second
 * still partly inside the minute counts whole: the order rate errs toward denying.
 */
export function pruneBook(book: RiskBookRecord, now: number): RiskBookRecord {
  const reservations = book.reservations.filter((r) => r.expiresAt > now);
  // Its last millisecond still inside the minute (t > now − 60 s) keeps a second.
  const approvalsPerSecond = book.approvalsPerSecond.filter(([second]) => second * 1000 + 999 > now - MINUTE);
  if (reservations.length === book.reservations.length && approvalsPerSecond.length === book.approvalsPerSecond.length) return book;
  return { ...book, reservations, approvalsPerSecond };
}

/** What is left of a reservation once its order's fills are counted (never below zero). */
export function unfilledNotional(reservation: Reservation, exposure: OpenedExposure): Cents {
  return Math.max(0, reservation.notional - (reservation.orderRef ? exposure.filledByOrder(reservation.orderRef) : 0)) as Cents;
}

/**
 * Usage as one check on risk day `day` sees it: today's filled entry premium (from the positions)
 * plus what is left of every live reservation.
 */
export function usageOf(book: RiskBookRecord, order: RiskCheckRequest, exposure: OpenedExposure, day: string): RiskUsage {
  let reserved = 0;
  let reservedOnUnderlying = 0;
  const holding = exposure.openTradeIds();
  const reservedOnly = new Set<string>();
  for (const r of book.reservations) {
    const left = unfilledNotional(r, exposure);
    reserved += left;
    if (r.underlying === order.underlying) reservedOnUnderlying += left;
    if (!holding.has(r.tradeId)) reservedOnly.add(r.tradeId);
  }
  return {
    dailyNotional: (exposure.openedOn(day) + reserved) as Cents,
    underlyingNotional: (exposure.openedOnUnderlying(day, order.underlying) + reservedOnUnderlying) as Cents,
    openPositions: holding.size + reservedOnly.size,
    tradeAlreadyOpen: holding.has(order.tradeId) || reservedOnly.has(order.tradeId),
    ordersLastMinute: book.approvalsPerSecond.reduce((sum, [, count]) => sum + count, 0),
    pendingOrders: book.reservations.length,
    heldContracts: exposure.quantityOf(order.conId),
  };
}

export function findByCheckId(book: RiskBookRecord, checkId: string): Reservation | undefined {
  return book.reservations.find((r) => r.checkId === checkId);
}

/** Adds an approved opening order's reservation and counts its approval toward the order rate. */
export function withReservation(book: RiskBookRecord, reservation: Reservation): RiskBookRecord {
  return { ...book, reservations: [...book.reservations, reservation], approvalsPerSecond: countApproval(book.approvalsPerSecond, reservation.createdAt) };
}

export function withoutReservation(book: RiskBookRecord, reservationId: string): RiskBookRecord | undefined {
  const reservations = book.reservations.filter((r) => r.reservationId !== reservationId);
  return reservations.length === book.reservations.length ? undefined : { ...book, reservations };
}

/** The reservation an approved opening order's decision holds, exactly as the decider made it. */
export function reservationOf(decided: RiskDecided): Reservation | undefined {
  if (!decided.opening || !decided.decision.approved) return undefined;
  return {
    reservationId: decided.decision.reservationId,
    checkId: decided.checkId,
    tradeId: decided.tradeId,
    orderRef: decided.orderRef,
    underlying: decided.underlying ?? '',
    conId: decided.conId,
    notional: notionalCents(decided.quantity, decided.price, decided.multiplier ?? DEFAULT_MULTIPLIER),
    createdAt: decided.decidedAt,
    expiresAt: decided.decision.expiresAt,
  };
}

/**
 * Applies one logged decision to the book (rebuilding it after a crash): an approved opening order
 * the book does not hold yet is reserved and counted toward the order rate, as when it was decided.
 * Undefined when it changes nothing (a denial, a closing order, a decision already in the book).
 */
export function withDecision(book: RiskBookRecord, decided: RiskDecided): RiskBookRecord | undefined {
  const reservation = reservationOf(decided);
  if (!reservation || findByCheckId(book, reservation.checkId)) return undefined;
  return withReservation(book, reservation);
}

const DEFAULT_MULTIPLIER = 100;

function countApproval(counts: readonly ApprovalCount[], at: number): ApprovalCount[] {
  const second = Math.floor(at / 1000);
  const last = counts.at(-1);
  if (last && last[0] === second) return [...counts.slice(0, -1), [second, last[1] + 1]];
  return [...counts, [second, 1]];
}
