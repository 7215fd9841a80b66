import { z } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';

/** auditor configuration (environment). */
export const AuditorConfig = BaseServiceConfig.extend({
  /** One audit pass this often (and once right after every gateway reconnect). */
  AUDITOR_PERIOD_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** A position must have a live stop this long after its first fill (the order-service's PROTECTION_DEADLINE_MS). */
  AUDITOR_PROTECTION_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(1_000),
  /** A trade may stay submitting, with an unknown outcome, or with an order being sent this long. */
  AUDITOR_SUBMIT_BOUND_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** A trade may stay EXITING (its exit working) this long before a person is asked to look. */
  AUDITOR_EXIT_BOUND_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  /** First wait before asking the broker again about an outcome still unknown; doubles up to AUDITOR_RETRY_MAX_MS. */
  AUDITOR_RETRY_BASE_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  AUDITOR_RETRY_MAX_MS: z.coerce.number().int().min(100).max(3_600_000).default(120_000),
});
export type AuditorConfig = z.infer<typeof AuditorConfig>;
