import { z } from 'zod';
import { EpochMs } from '../core/common';
import { enumOf } from '../core/enums';

export const HealthStatus = { OK: 'ok', DEGRADED: 'degraded', FAILING: 'failing' } as const;
export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus];

export const HealthCheck = z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() });

/** What one service instance says about itself (heartbeat and health reply). */
export const ServiceHealth = z.object({
  service: z.string().min(1),
  instanceId: z.string().min(1),
  version: z.string(),
  status: enumOf(HealthStatus),
  startedAt: EpochMs,
  /**
   * When the instance became ready: connected to NATS, its streams and consumers bound, its command
   * handlers answering. Absent while it is still starting (and from instances older than the field).
   */
  readyAt: EpochMs.optional(),
  at: EpochMs,
  checks: z.array(HealthCheck),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

export const HealthRequest = z.object({}).strict();
