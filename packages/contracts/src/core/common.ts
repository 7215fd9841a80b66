import { z } from 'zod';

/** Milliseconds since the Unix epoch (UTC). */
export const EpochMs = z.number().int().nonnegative();
/** A price in dollars: finite, non-negative. */
export const Price = z.number().finite().nonnegative();
export const PositivePrice = z.number().finite().positive();
/** A whole, positive number of shares or contracts. */
export const Quantity = z.number().int().positive();
/** Option expiry as IB writes it: YYYYMMDD. */
export const Expiry = z.string().regex(/^20\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/, 'expected YYYYMMDD');
/** The pattern of Symbol (for hand checks: core/hand-check.ts). */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.]{0,9}$/;
/** A ticker symbol (underlying). */
export const Symbol = z.string().regex(SYMBOL_PATTERN, 'expected an upper-case ticker such as AAPL or BRK.B');
