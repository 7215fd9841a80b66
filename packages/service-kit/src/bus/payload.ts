import type { z } from 'zod';
import type { FieldIssue } from '@arctrigger/contracts';
import { fieldIssues } from './field-issues';
import { decodeJson } from './json-codec';

/**
 * A received payload, decoded and checked against its schema. Refused: `notJson` holds the JSON
 * error when the bytes were not JSON at all; otherwise the payload did not match and `issues` say
 * where.
 */
export type ReceivedPayload<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly notJson: string | undefined; readonly issues: FieldIssue[] };

export function receivePayload<S extends z.ZodType>(data: Uint8Array, schema: S, check?: (payload: unknown) => string | null): ReceivedPayload<z.output<S>> {
  const decoded = decodeJson(data);
  if (!decoded.ok) return { ok: false, notJson: decoded.message, issues: [] };
  const checked = checkedPayload(decoded.value, schema, check);
  return checked.ok ? checked : { ok: false, notJson: undefined, issues: checked.issues };
}

/**
 * A payload checked against its contract, sent or received: a hot-path contract's hand check
 * (ContractBase.check) passes a valid, complete payload as it is, without a zod parse; whatever it
 * refuses (and every payload of a contract without one) the schema decides — every issue, or the
 * defaults filled in.
 */
export function checkedPayload<S extends z.ZodType>(
  value: unknown,
  schema: S,
  check?: (payload: unknown) => string | null,
): { readonly ok: true; readonly value: z.output<S> } | { readonly ok: false; readonly issues: FieldIssue[] } {
  if (check?.(value) === null) return { ok: true, value: value as z.output<S> };
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: fieldIssues(parsed.error) };
}
