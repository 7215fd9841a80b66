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

export function receivePayload<S extends z.ZodType>(data: Uint8Array, schema: S): ReceivedPayload<z.output<S>> {
  const decoded = decodeJson(data);
  if (!decoded.ok) return { ok: false, notJson: decoded.message, issues: [] };
  const parsed = schema.safeParse(decoded.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, notJson: undefined, issues: fieldIssues(parsed.error) };
}
