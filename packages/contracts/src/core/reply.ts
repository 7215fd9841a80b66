import { z } from 'zod';

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

/** Codes the bus layer itself produces; domain codes live beside their contracts. */
export const BusErrorCode = {
  INVALID_REQUEST: 'INVALID_REQUEST',
  INVALID_REPLY: 'INVALID_REPLY',
  TIMEOUT: 'TIMEOUT',
  NO_RESPONDERS: 'NO_RESPONDERS',
  HANDLER_FAILED: 'HANDLER_FAILED',
} as const;
export type BusErrorCode = (typeof BusErrorCode)[keyof typeof BusErrorCode];

export function okReply<T extends z.ZodType>(value: T) {
  return z.object({ ok: z.literal(true), value });
}

/** Reply schema for a request: success carrying `value`, or an ErrorReply. */
export function replyOf<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [okReply(value), ErrorReply]);
}

export type Reply<T> = { ok: true; value: T } | ErrorReply;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(code: string, message: string, extra: Partial<Omit<ErrorReply, 'ok'>> = {}): ErrorReply {
  return { ok: false, code, message, ...extra };
}
