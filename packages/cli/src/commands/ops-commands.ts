import type { Alert } from '@arctrigger/contracts';
import { UsageError } from '../exit-codes';
import type { Command } from '../command';
import { table } from '../table';

type AlertsAnswer = { alerts: Alert[] };
type HealthAnswer = { expected: Array<{ service: string; expectedInstances: number; liveInstances: number; status: string; since: number; reason: string | null }> };

/** Operations: alerts and the health of the expected services. */
export const opsCommands: Command[] = [
  {
    name: 'alerts',
    summary: 'The latest alerts, newest first (code, severity, message, facts); live ones appear in `arctrigger watch`.',
    usage: 'arctrigger alerts [--limit N] [--code CODE[,CODE…]]',
    examples: ['arctrigger alerts', 'arctrigger alerts --code SERVICE_DOWN,PROTECTION_OVERDUE --limit 10', 'arctrigger alerts --json'],
    options: { limit: { type: 'string' }, code: { type: 'string' } },
    run: (ctx, _a, v) => {
      const q = new URLSearchParams();
      if (v.limit !== undefined) {
        if (!(Number(v.limit) >= 1)) throw new UsageError('--limit needs a positive number');
        q.set('limit', String(v.limit));
      }
      if (v.code !== undefined) q.set('code', String(v.code).toUpperCase());
      const query = q.toString();
      return ctx.client.call('GET', `/v1/alerts${query ? `?${query}` : ''}`);
    },
    render: (body) => {
      const { alerts } = body as AlertsAnswer;
      if (alerts.length === 0) return 'no alerts';
      return table(['AT', 'SEVERITY', 'CODE', 'STATE', 'MESSAGE'], alerts.map((a) => [new Date(a.at).toISOString(), a.severity, a.code, a.active ? 'raised' : 'cleared', a.message]));
    },
  },
  {
    name: 'health',
    summary: 'Every expected service UP, DEGRADED or DOWN, since when (no token needed).',
    usage: 'arctrigger health',
    examples: ['arctrigger health', 'arctrigger health --json'],
    run: (ctx) => ctx.client.call('GET', '/v1/system/health'),
    render: (body) => {
      const { expected } = body as HealthAnswer;
      return table(['SERVICE', 'STATUS', 'INSTANCES', 'SINCE', 'WHY'], expected.map((s) => [s.service, s.status, `${s.liveInstances}/${s.expectedInstances}`, new Date(s.since).toISOString(), s.reason ?? '']));
    },
  },
];
