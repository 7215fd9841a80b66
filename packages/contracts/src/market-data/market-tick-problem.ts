import { isNonNegativeInt, isPositiveInt, isRecord } from '../core/hand-check';

/**
 * The MarketTick contract checked by hand for the hot paths (the gateway publishing ticks, every
 * service reading them): the same rules as the zod schema
 * (a property test holds the two equal), without zod's per-parse allocations. Returns null when
 * valid, or the first problem as `path: message` for the dead letter.
 */
export function marketTickProblem(t: unknown): string | null {
  if (!isRecord(t)) return '(root): expected object';
  if (!isPositiveInt(t.conId)) return 'conId: expected a positive integer';
  if (!isNonNegativeInt(t.seq)) return 'seq: expected a non-negative integer';
  if (!nullableNonNegative(t.bid)) return 'bid: expected a non-negative price or null';
  if (!nullableNonNegative(t.ask)) return 'ask: expected a non-negative price or null';
  if (!nullableNonNegative(t.last)) return 'last: expected a non-negative price or null';
  if (!nullableNonNegative(t.bidSize)) return 'bidSize: expected a non-negative number or null';
  if (!nullableNonNegative(t.askSize)) return 'askSize: expected a non-negative number or null';
  if (!nullableNonNegative(t.lastSize)) return 'lastSize: expected a non-negative number or null';
  if (t.exchangeTime !== null && !isNonNegativeInt(t.exchangeTime)) return 'exchangeTime: expected epoch ms or null';
  if (!isNonNegativeInt(t.receivedAt)) return 'receivedAt: expected epoch ms';
  if (t.greeks !== undefined) return greeksProblem(t.greeks);
  return null;
}

const GREEKS = ['impliedVol', 'delta', 'gamma', 'vega', 'theta', 'underlyingPrice'] as const;

function greeksProblem(r: unknown): string | null {
  if (!isRecord(r)) return 'greeks: expected object';
  for (const k of GREEKS) {
    const x = r[k];
    if (x !== null && !(typeof x === 'number' && Number.isFinite(x))) return `greeks.${k}: expected a finite number or null`;
  }
  return null;
}

function nullableNonNegative(x: unknown): boolean {
  return x === null || (typeof x === 'number' && Number.isFinite(x) && x >= 0);
}
