import { z } from 'zod';
import { EpochMs } from '../core/common';
import { FieldIssue } from '../core/reply';

/** An event that failed validation or handling, parked with its reason. Never half-processed. */
export const DeadLetter = z.object({
  service: z.string(),
  subject: z.string(),
  contract: z.string().nullable(),
  reason: z.enum(['invalid-payload', 'handler-failed', 'redelivery-exhausted', 'unknown-subject']),
  message: z.string(),
  issues: z.array(FieldIssue),
  /** The original payload as text (truncated to 64 KiB). */
  payload: z.string(),
  receivedAt: EpochMs,
});
export type DeadLetter = z.infer<typeof DeadLetter>;
