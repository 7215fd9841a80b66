import { z } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';
import { parseWebhookTargets } from './alerts/webhook-target';
import { parseExpectedServices } from './system/service-roster';

function attempt(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}

/** The token a development console accepts as admin when ARCTRIGGER_ADMIN_TOKEN is not set. */
export const DEV_ADMIN_TOKEN = 'dev-admin-token';

/** console configuration (environment). */
export const ConsoleConfig = BaseServiceConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** Bootstrap admin token (compared by hash, never stored). Required when ARCTRIGGER_ENV=production. */
  ARCTRIGGER_ADMIN_TOKEN: z.string().min(16).optional(),
  ARCTRIGGER_ENV: z.enum(['development', 'production']).default('development'),
  /** Requests per minute per token (token bucket; the burst is the same number). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Comma-separated origins allowed by CORS; empty = CORS off. */
  CORS_ORIGINS: z.string().default(''),
  /** SSE keep-alive comment interval. */
  SSE_KEEPALIVE_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** The services the system health expects, `service[:instances]`, comma-separated. */
  EXPECTED_SERVICES: z
    .string()
    .default('gateway:1,risk-service:1,trigger-service:1,order-service:1,watchlist-service:1,console:1')
    .refine((v) => attempt(() => parseExpectedServices(v)), { message: 'expected service[:instances],… e.g. gateway:1,order-service:2' }),
  /** TWS_DISCONNECTED is raised once the gateway has not been connected for this long. */
  TWS_DISCONNECTED_ALERT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** DEAD_LETTERS_GROWING: more than this many dead letters within DEAD_LETTER_ALERT_WINDOW_MS. */
  DEAD_LETTER_ALERT_COUNT: z.coerce.number().int().min(0).max(1_000_000).default(10),
  DEAD_LETTER_ALERT_WINDOW_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  /** Webhooks alerts are delivered to: comma-separated `[json=|slack=|discord=]http(s)://…`; empty = none. */
  ALERT_WEBHOOKS: z
    .string()
    .default('')
    .refine((v) => attempt(() => parseWebhookTargets(v)), { message: 'expected [json=|slack=|discord=]http(s)://…, comma-separated' }),
}).refine((c) => c.ARCTRIGGER_ENV !== 'production' || c.ARCTRIGGER_ADMIN_TOKEN !== undefined, {
  message: 'ARCTRIGGER_ADMIN_TOKEN is required when ARCTRIGGER_ENV=production',
  path: ['ARCTRIGGER_ADMIN_TOKEN'],
});
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;
