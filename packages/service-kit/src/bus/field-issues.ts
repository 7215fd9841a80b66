import type { z } from 'zod';
import type { FieldIssue } from '@arctrigger/contracts';

/** Flattens a zod error into `{ path, message }` pairs a caller can show next to a field. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}
