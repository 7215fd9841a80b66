import { z } from 'zod';
import { BusErrors, codesOf, type ErrorTable } from './error-codes';

/** A field-level validation problem, as returned to a caller. */
export const FieldIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/**
 * Every request/reply contract spells out its failure: `{ ok: false, code, message }`.
 * `code` is stable and machine-readable; `message` is a sentence a trader understands.
 */
export const ErrorReply = z.object({
  ok: z.literal(false),
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  message: z.string(),
  issues: z.array(FieldIssue).optional(),
  retryable: z.boolean().optional(),
});
export type ErrorReply = z.infer<typeof ErrorReply>;

/** Codes the bus layer itself produces (BusErrors); domain codes live beside their contracts. */
export const BusErrorCode = codesOf(BusErrors);
export type BusErrorCode = (typeof BusErrorCode)[keyof typeof BusErrorCode];

export function okReply<T extends z.ZodType>(value: T) {
  return z.object({ ok: z.literal(true), value });
}

/** The codes a request may fail with: its own table's and the bus's. */
export type CodeOf<E extends ErrorTable> = (keyof E & string) | BusErrorCode;

/** An error reply whose code is one of `errors` (or the bus's): any other code does not match the contract. */
export function errorReplyOf<E extends ErrorTable>(errors: E) {
  const codes = [...new Set([...Object.keys(BusErrors), ...Object.keys(errors)])] as [CodeOf<E>, ...CodeOf<E>[]];
  return ErrorReply.extend({ code: z.enum(codes) });
}

/**
 * Reply schema for a request: success carrying `value`, or an error reply with one of the codes
 * `errors` declares (their HTTP meanings go with them to the console).
 */
export function replyOf<T extends z.ZodType, E extends ErrorTable>(value: T, errors: E) {
  return z.discriminatedUnion('ok', [okReply(value), errorReplyOf(errors)]);
}

/** A reply: success with `value`, or a failure with a code (of `C`, when the request's codes are known). */
export type Reply<T, C extends string = string> = { ok: true; value: T } | (Omit<ErrorReply, 'code'> & { code: C });

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failure with a stable code and a sentence for the trader; the code's type is kept (`fail('TRADE_NOT_FOUND', …)`). */
export function fail<const C extends string>(code: C, message: string, extra: Partial<Omit<ErrorReply, 'ok' | 'code'>> = {}): Omit<ErrorReply, 'code'> & { code: C } {
  return { ok: false, code, message, ...extra };
}
