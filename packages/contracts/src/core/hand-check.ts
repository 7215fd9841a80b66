import { SYMBOL_PATTERN } from './common';
import { ID_TOKEN_PATTERN, ORDER_REF_PATTERN } from './ids';

/**
 * The rules of the common schemas as plain predicates, for the hot-path contracts' hand checks
 * (ContractBase.check): the same rules as zod's, without its per-parse work, which on a process
 * that was idle a moment costs a tenth of a millisecond or more per message. Each check built from
 * these is held equal to its schema by a property test.
 */

/** A plain object (not null, not an array): what z.object accepts. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** z.number().int(): a safe integer. */
export function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

/** ConId, Quantity, a multiplier: z.number().int().positive(). */
export function isPositiveInt(x: unknown): x is number {
  return isInt(x) && x > 0;
}

/** EpochMs and other counts: z.number().int().nonnegative(). */
export function isNonNegativeInt(x: unknown): x is number {
  return isInt(x) && x >= 0;
}

/** PositivePrice: z.number().finite().positive(). */
export function isPositivePrice(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

/** TradeId, TriggerId: letters, digits, _ or -, 1..64 characters. */
export function isIdToken(x: unknown): x is string {
  return typeof x === 'string' && ID_TOKEN_PATTERN.test(x);
}

/** OrderRef: <tradeId>.<leg>.<attempt>. */
export function isOrderRef(x: unknown): x is string {
  return typeof x === 'string' && ORDER_REF_PATTERN.test(x);
}

/** Symbol: an upper-case ticker. */
export function isSymbol(x: unknown): x is string {
  return typeof x === 'string' && SYMBOL_PATTERN.test(x);
}

/** z.string().min(min).max(max). */
export function isStringOfLength(x: unknown, min: number, max: number): x is string {
  return typeof x === 'string' && x.length >= min && x.length <= max;
}

/** The values a z.enum accepts (an `as const` object's values, or the enum's options), as a set to test with `has`. */
export function valuesOf(values: Record<string, string> | readonly string[]): ReadonlySet<unknown> {
  return new Set<unknown>(Array.isArray(values) ? values : Object.values(values));
}
