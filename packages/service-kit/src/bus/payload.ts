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
  // A hot-path contract's hand check (ContractBase.check) passes a valid, complete payload without
  // a zod parse; whatever it refuses the schema decides (every issue, or the defaults filled in).
  if (check?.(decoded.value) === null) return { ok: true, value: decoded.value as z.output<S> };
  const parsed = schema.safeParse(decoded.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, notJson: undefined, issues: fieldIssues(parsed.error) };
}
