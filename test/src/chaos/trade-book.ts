/**
 * The book of trades one fault row arms: six trades over three underlyings of its own, calls and
 * puts, MKT and LMT entries, sized by contracts and by budget, some with a protective stop at the
 * broker. Calls fire on the rally to 101 and stop out on the drop to 98.9, where the puts fire;
 * the puts stop out on the rise to 100.6. Every trade ends CLOSED.
 */
import type { TradeId } from '@arctrigger/contracts';
import type { ArmInput } from '../support/trade-driver';

export const FLAT = 100;
export const RALLY = 101;
export const DROP = 98.9;
export const RISE = 100.6;
export const CALL_TRIGGER = 100.5;
export const PUT_TRIGGER = 99.5;

export interface BookTrade {
  tradeId: TradeId;
  /** Index of its underlying in the row's three. */
  underlying: number;
  right: 'CALL' | 'PUT';
  arm: (expiry: string, strike: number) => ArmInput;
}

export interface Book {
  symbols: string[];
  conIds: number[];
  trades: BookTrade[];
}

/** Underlying `i` of the whole run: a symbol and a conId no other row uses. */
export function underlyingOf(i: number): { symbol: string; conId: number } {
  const letters = String.fromCharCode(65 + Math.floor(i / 676) % 26) + String.fromCharCode(65 + Math.floor(i / 26) % 26) + String.fromCharCode(65 + (i % 26));
  return { symbol: `Q${letters}`, conId: 70_000 + i };
}

const stop = { mode: 'offset' as const, offset: 1 };
const quickReprice = { afterSeconds: 1, maxSteps: 2, cancelAfterLastStep: true };

/** The book of row `row` (underlyings 3·row … 3·row+2). */
export function bookOf(row: number, prefix: string): Book {
  const u = [0, 1, 2].map((k) => underlyingOf(row * 3 + k));
  const id = (s: string) => `${prefix}-${s}` as TradeId;
  const base = (k: number, right: 'CALL' | 'PUT') => (expiry: string, strike: number) => ({
    tradeId: id(`${'abc'[k]}-${right.toLowerCase()}`), symbol: u[k]!.symbol, right, expiry, strike,
    trigger: { price: right === 'CALL' ? CALL_TRIGGER : PUT_TRIGGER, source: 'last' as const }, stopLoss: stop,
  });
  const trades: BookTrade[] = [
    { tradeId: id('a-call'), underlying: 0, right: 'CALL', arm: (e, s) => ({ ...base(0, 'CALL')(e, s), size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, brokerProtectiveStop: { percentBelowEntry: 60 } }) },
    { tradeId: id('a-put'), underlying: 0, right: 'PUT', arm: (e, s) => ({ ...base(0, 'PUT')(e, s), size: { by: 'budget', dollars: 800 }, entry: { type: 'LMT', offset: 0.05 }, reprice: quickReprice }) },
    { tradeId: id('b-call'), underlying: 1, right: 'CALL', arm: (e, s) => ({ ...base(1, 'CALL')(e, s), size: { by: 'contracts', contracts: 3 }, entry: { type: 'LMT', offset: 0.05 }, reprice: quickReprice }) },
    { tradeId: id('b-put'), underlying: 1, right: 'PUT', arm: (e, s) => ({ ...base(1, 'PUT')(e, s), size: { by: 'contracts', contracts: 1 }, entry: { type: 'MKT' }, brokerProtectiveStop: { percentBelowEntry: 60 } }) },
    { tradeId: id('c-call'), underlying: 2, right: 'CALL', arm: (e, s) => ({ ...base(2, 'CALL')(e, s), size: { by: 'budget', dollars: 800 }, entry: { type: 'MKT' } }) },
    { tradeId: id('c-put'), underlying: 2, right: 'PUT', arm: (e, s) => ({ ...base(2, 'PUT')(e, s), size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' } }) },
  ];
  return { symbols: u.map((x) => x.symbol), conIds: u.map((x) => x.conId), trades };
}
