import { z } from 'zod';
import { EpochMs, type RiskCheckRequest } from '@arctrigger/contracts';
import type { Cents } from '../rules/money';
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
  return { reservations: [], approvalsPerSecond: [] };
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

function countApproval(counts: readonly ApprovalCount[], at: number): ApprovalCount[] {
  const second = Math.floor(at / 1000);
  const last = counts.at(-1);
  if (last && last[0] === second) return [...counts.slice(0, -1), [second, last[1] + 1]];
  return [...counts, [second, 1]];
}
