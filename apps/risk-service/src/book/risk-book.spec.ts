import type { Cents } from '../rules/money';
import { checkRequest } from '../../test/support/builders';
import { RiskDecided } from '@arctrigger/contracts';
import { emptyBook, pruneBook, reservationOf, RiskBookRecord, usageOf, withDecision, withReservation, withoutReservation, type OpenedExposure, type Reservation } from './risk-book';

const DAY = '2026-03-10';
const T0 = Date.parse('2026-03-10T14:00:00Z');

function reservation(over: Partial<Reservation> = {}): Reservation {
  return {
    reservationId: 'rsv:A.entry.1', checkId: 'A.entry.1', tradeId: 'A', orderRef: 'A.entry.1', underlying: 'AAPL', conId: 1001,
    notional: 20_000, createdAt: T0, expiresAt: T0 + 120_000, ...over,
  };
}

function exposure(over: { today?: number; byUnderlying?: Record<string, number>; byOrder?: Record<string, number>; open?: string[] } = {}): OpenedExposure {
  return {
    openedOn: (day) => (day === DAY ? (over.today ?? 0) : 0) as Cents,
    openedOnUnderlying: (day, u) => (day === DAY ? (over.byUnderlying?.[u] ?? 0) : 0) as Cents,
    filledByOrder: (ref) => (over.byOrder?.[ref] ?? 0) as Cents,
    openTradeIds: () => new Set(over.open ?? []),
    quantityOf: () => 0,
  };
}

describe('risk book', () => {
  it('risk book counts today\'s filled premium plus what is left of each reservation', () => {
    const book = withReservation(withReservation(emptyBook(), reservation()), reservation({ reservationId: 'rsv:B', checkId: 'B', tradeId: 'B', orderRef: 'B.entry.1', underlying: 'MSFT', notional: 50_000 }));
    const usage = usageOf(book, checkRequest({ underlying: 'AAPL' }), exposure({ today: 90_000, byUnderlying: { AAPL: 15_000 }, byOrder: { 'A.entry.1': 15_000 } }), DAY);

    // AAPL: $150 filled + $50 still reserved; the day adds MSFT's $500 reservation and other fills.
    expect(usage).toMatchObject({ dailyNotional: 90_000 + 5_000 + 50_000, underlyingNotional: 15_000 + 5_000, pendingOrders: 2 });
  });

  it('risk book never counts a reservation below zero when its fills paid more than it reserved', () => {
    const book = withReservation(emptyBook(), reservation());
    const usage = usageOf(book, checkRequest(), exposure({ today: 26_000, byUnderlying: { AAPL: 26_000 }, byOrder: { 'A.entry.1': 26_000 } }), DAY);
    expect(usage).toMatchObject({ dailyNotional: 26_000, underlyingNotional: 26_000 });
  });

  it('risk book counts a fill from an earlier risk day against its reservation but not against today', () => {
    const book = withReservation(emptyBook(), reservation());
    const usage = usageOf(book, checkRequest(), exposure({ today: 0, byOrder: { 'A.entry.1': 20_000 } }), DAY);
    expect(usage.dailyNotional).toBe(0);
  });

  it('risk book counts trades holding a position or a reservation as open, once each', () => {
    const book = withReservation(emptyBook(), reservation());
    expect(usageOf(book, checkRequest({ tradeId: 'A' }), exposure({ open: ['A', 'C'] }), DAY)).toMatchObject({ openPositions: 2, tradeAlreadyOpen: true });
    expect(usageOf(book, checkRequest({ tradeId: 'D' }), exposure({ open: ['C'] }), DAY)).toMatchObject({ openPositions: 2, tradeAlreadyOpen: false });
  });

  it('risk book counts approvals per second and keeps a second while any of it is within the last minute', () => {
    let book = emptyBook();
    for (const at of [T0 + 100, T0 + 900, T0 + 1_000, T0 + 30_000]) book = withReservation(book, reservation({ reservationId: `rsv:${at}`, checkId: `${at}`, createdAt: at, expiresAt: at + 600_000 }));
    expect(book.approvalsPerSecond).toEqual([[T0 / 1000, 2], [T0 / 1000 + 1, 1], [T0 / 1000 + 30, 1]]);
    const rate = (now: number) => usageOf(pruneBook(book, now), checkRequest(), exposure(), DAY).ordersLastMinute;

    expect(rate(T0 + 60_000)).toBe(4); // T0 + 900 is still inside (t > now − 60 s)
    expect(rate(T0 + 60_998)).toBe(4); // T0 + 999 would still be inside: T0's second counts whole
    expect(rate(T0 + 60_999)).toBe(2);
    expect(rate(T0 + 61_000)).toBe(2); // the approval at T0 + 1 s is out, but its second errs toward denying
    expect(rate(T0 + 61_999)).toBe(1);
    expect(rate(T0 + 90_999)).toBe(0);
  });

  it('risk book drops expired reservations and releases by id, leaving the book unchanged for an unknown id', () => {
    const book = withReservation(emptyBook(), reservation());
    expect(pruneBook(book, T0 + 119_999).reservations).toHaveLength(1);
    expect(pruneBook(book, T0 + 120_000).reservations).toHaveLength(0);
    expect(withoutReservation(book, 'rsv:A.entry.1')?.reservations).toEqual([]);
    expect(withoutReservation(book, 'rsv:unknown')).toBeUndefined();
  });

  it('risk book record written before approvals were counted per second reads with none counted and the old fields dropped', () => {
    const older = { day: DAY, usedNotional: 5, usedByUnderlying: {}, reservations: [reservation()], recentApprovals: [T0], countedExecIds: ['e1'] };
    expect(RiskBookRecord.parse(older)).toEqual({ reservations: [reservation()], approvalsPerSecond: [], coveredSeq: 0 });
  });

  const decided = (over: Partial<RiskDecided> = {}): RiskDecided => ({
    ...RiskDecided.parse({
      checkId: 'A.entry.1', orderRef: 'A.entry.1', tradeId: 'A', conId: 1001, side: 'BUY', quantity: 2, price: 1, opening: true,
      decision: { approved: true, reservationId: 'rsv:A.entry.1', expiresAt: T0 + 120_000 }, decidedAt: T0, underlying: 'AAPL', multiplier: 100,
    }),
    ...over,
  });

  it('risk book rebuilds from a logged approval exactly the reservation the decider made, and counts its approval', () => {
    expect(reservationOf(decided())).toEqual(reservation());
    const book = withDecision(emptyBook(), decided());
    expect(book?.reservations).toEqual([reservation()]);
    expect(book?.approvalsPerSecond).toEqual([[T0 / 1000, 1]]);
  });

  it('risk book takes nothing from a logged denial, a closing order or a decision it already holds', () => {
    expect(withDecision(emptyBook(), decided({ decision: { approved: false, code: 'DAILY_NOTIONAL_EXCEEDED', message: 'no' } }))).toBeUndefined();
    expect(withDecision(emptyBook(), decided({ opening: false, side: 'SELL', decision: { approved: true, reservationId: 'close:A.exit.1', expiresAt: T0 } }))).toBeUndefined();
    expect(withDecision(withReservation(emptyBook(), reservation()), decided())).toBeUndefined();
  });

  it('risk book judges a logged decision of the previous release (no multiplier) at 100 shares per contract', () => {
    expect(reservationOf(decided({ multiplier: undefined, underlying: undefined }))).toMatchObject({ notional: 20_000, underlying: '' });
  });
});
