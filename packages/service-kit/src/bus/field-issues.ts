import type { z } from 'zod';
import type { FieldIssue } from '@arctrigger/contracts';

/** At most this many issues are reported; the rest are counted in one last entry. */
export const MAX_FIELD_ISSUES = 20;
const MAX_PATH = 200;
const MAX_MESSAGE = 300;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Flattens a zod error into `{ path, message }` pairs a caller can show next to a field. A payload
 * can hold thousands of bad entries (an array of 6,000 wrong values): the first MAX_FIELD_ISSUES
 * are reported, then one `(more)` entry with the count left out, and paths and messages are
 * clipped, so a refusal stays small enough to send (a refusal larger than the bus's max_payload
 * could not be sent at all: the asker would hear nothing).
 */
/** A hand check's problem (`path: message`, see ContractBase.check) as a field issue. */
export function problemIssue(problem: string): FieldIssue {
  const at = problem.indexOf(': ');
  return at < 0 ? { path: '(root)', message: problem } : { path: problem.slice(0, at), message: problem.slice(at + 2) };
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const shown = error.issues.slice(0, MAX_FIELD_ISSUES).map((issue) => ({
    path: issue.path.length > 0 ? clip(issue.path.map(String).join('.'), MAX_PATH) : '(root)',
    message: clip(issue.message, MAX_MESSAGE),
  }));
  const more = error.issues.length - shown.length;
  return more > 0 ? [...shown, { path: '(more)', message: `and ${more} more issue${more === 1 ? '' : 's'}` }] : shown;
}
