import { z } from 'zod';
import { ConfigError } from '../errors';
import { fieldIssues } from '../bus/field-issues';
import { NatsReplicas } from '../jetstream/stream-replicas';

const bool = z
  .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1');

/** Environment every service reads. Each service extends it with its own variables. */
export const BaseServiceConfig = z.object({
  NATS_URL: z.string().regex(/^(nats|tls):\/\/[^\s]+$/, 'expected nats://host:port').default('nats://127.0.0.1:4222'),
  NATS_USER: z.string().min(1).optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  /** Copies JetStream keeps of every stream and KV bucket (3 on a 3-node cluster). */
  NATS_REPLICAS: NatsReplicas.default(1),
  SERVICE_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Debug logging and extra state validation. */
  ARCTRIGGER_DEBUG: bool.default(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Start the service clock at this instant (ISO 8601 with offset) and run in real time from there. */
  ARCTRIGGER_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  /**
   * Run the service clock this many ms ahead of (or behind) the wall clock. Unlike
   * ARCTRIGGER_CLOCK_START it does not depend on when the process starts, so several processes
   * (and restarts) agree on "now" to the millisecond. Wins over ARCTRIGGER_CLOCK_START.
   */
  ARCTRIGGER_CLOCK_OFFSET_MS: z.coerce.number().int().optional(),
  /**
   * The operations port: `/metrics` (Prometheus), `/healthz`, `/readyz`. Unset: none is served
   * (metrics still go to OTLP when configured); 0: any free port (logged in the ready line).
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
});
export type BaseServiceConfig = z.infer<typeof BaseServiceConfig>;

/**
 * Parses configuration from the environment. A bad value stops the service with a message that
 * names every offending variable and says what was expected.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error);
  const lines = issues.map((i) => `  ${i.path}: ${i.message}`).join('\n');
  throw new ConfigError(`Invalid configuration:\n${lines}`, issues);
}

export { bool as envBoolean };
