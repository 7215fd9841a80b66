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
  /** Cents still reserved (fills move their part into the day's used notional). */
  notional: z.number().int().nonnegative(),
  createdAt: EpochMs,
  expiresAt: EpochMs,
});
export type Reservation = z.infer<typeof Reservation>;

/**
 * The risk book (KV `risk/book`): today's filled opening notional, live reservations and recent
 * approvals. One record, written by compare-and-set, so concurrent checks — in this process or in
 * another instance — can never jointly pass a cap.
 */
export const RiskBookRecord = z.object({
  day: z.string(),
  /** Filled opening notional today, in cents. */
  usedNotional: z.number().int().nonnegative(),
  usedByUnderlying: z.record(z.string(), z.number().int().nonnegative()),
  reservations: z.array(Reservation),
  /** Approval times within the last minute (order-rate limit). */
  recentApprovals: z.array(EpochMs),
  /** Recent execution ids already counted, so a redelivered execution is not counted twice. */
  countedExecIds: z.array(z.string()),
});
export type RiskBookRecord = z.infer<typeof RiskBookRecord>;

const MINUTE = 60_000;
const COUNTED_EXEC_IDS_KEPT = 2_000;

export function emptyBook(day: string): RiskBookRecord {
  return { day, usedNotional: 0, usedByUnderlying: {}, reservations: [], recentApprovals: [], countedExecIds: [] };
}

/** Starts a new day's counters when the day has rolled; reservations of working orders carry over. */
export function rollBook(book: RiskBookRecord, day: string): RiskBookRecord {
  if (book.day === day) return book;
  return { ...book, day, usedNotional: 0, usedByUnderlying: {} };
}

/** Drops expired reservations and approvals older than a minute. */
export function pruneBook(book: RiskBookRecord, now: number): RiskBookRecord {
  const reservations = book.reservations.filter((r) => r.expiresAt > now);
  const recentApprovals = book.recentApprovals.filter((t) => t > now - MINUTE);
  if (reservations.length === book.reservations.length && recentApprovals.length === book.recentApprovals.length) return book;
  return { ...book, reservations, recentApprovals };
}

/** Usage as one check sees it. `openTrades` are trades holding a position (from the position book). */
export function usageOf(book: RiskBookRecord, order: RiskCheckRequest, openTrades: ReadonlySet<string>): RiskUsage {
  let reserved = 0;
  let reservedOnUnderlying = 0;
  const open = new Set(openTrades);
  for (const r of book.reservations) {
    reserved += r.notional;
    if (r.underlying === order.underlying) reservedOnUnderlying += r.notional;
    open.add(r.tradeId);
  }
  return {
    dailyNotional: (book.usedNotional + reserved) as Cents,
    underlyingNotional: ((book.usedByUnderlying[order.underlying] ?? 0) + reservedOnUnderlying) as Cents,
    openPositions: open.size,
    tradeAlreadyOpen: open.has(order.tradeId),
    ordersLastMinute: book.recentApprovals.length,
    pendingOrders: book.reservations.length,
  };
}

export function findByCheckId(book: RiskBookRecord, checkId: string): Reservation | undefined {
  return book.reservations.find((r) => r.checkId === checkId);
}

export function withReservation(book: RiskBookRecord, reservation: Reservation): RiskBookRecord {
  return { ...book, reservations: [...book.reservations, reservation], recentApprovals: [...book.recentApprovals, reservation.createdAt] };
}

/** Counts an approval that reserves nothing (closing orders) toward the order rate. */
export function withApproval(book: RiskBookRecord, at: number): RiskBookRecord {
  return { ...book, recentApprovals: [...book.recentApprovals, at] };
}

export function withoutReservation(book: RiskBookRecord, reservationId: string): RiskBookRecord | undefined {
  const reservations = book.reservations.filter((r) => r.reservationId !== reservationId);
  return reservations.length === book.reservations.length ? undefined : { ...book, reservations };
}

export interface OpeningFill {
  readonly execId: string;
  readonly orderRef: string;
  readonly underlying: string | null;
  readonly notional: Cents;
}

/**
 * Moves a fill's notional from its order's reservation (when one is still live) into today's used
 * notional. Returns undefined when this execution was already counted.
 */
export function withOpeningFill(book: RiskBookRecord, fill: OpeningFill): RiskBookRecord | undefined {
  if (book.countedExecIds.includes(fill.execId)) return undefined;
  const reservations = book.reservations.map((r) =>
    r.orderRef === fill.orderRef ? { ...r, notional: Math.max(0, r.notional - fill.notional) } : r,
  );
  const usedByUnderlying = { ...book.usedByUnderlying };
  if (fill.underlying) usedByUnderlying[fill.underlying] = (usedByUnderlying[fill.underlying] ?? 0) + fill.notional;
  return {
    ...book,
    usedNotional: book.usedNotional + fill.notional,
    usedByUnderlying,
    reservations,
    countedExecIds: [...book.countedExecIds, fill.execId].slice(-COUNTED_EXEC_IDS_KEPT),
  };
}
