import { allContracts } from './catalogue';
import { patternOf } from './core/contract';
import { ServiceName } from './core/enums';
import { KvBuckets } from './streams';

/** KV buckets each service may write; every service may read all of them. */
const KV_WRITERS: Record<ServiceName, readonly string[]> = {
  gateway: [KvBuckets.GATEWAY.name, KvBuckets.IDEMPOTENCY.name],
  'order-service': [KvBuckets.TRADES.name, KvBuckets.IDEMPOTENCY.name],
  'trigger-service': [KvBuckets.TRIGGERS.name, KvBuckets.TRIGGER_LEASES.name],
  'risk-service': [KvBuckets.TRADING_STATE.name, KvBuckets.RISK.name],
  console: [KvBuckets.IDEMPOTENCY.name, KvBuckets.CONSOLE_TOKENS.name],
  'watchlist-service': [KvBuckets.WATCHLISTS.name],
  auditor: [KvBuckets.AUDITOR.name],
};

/** Environment variable holding a service's NATS password. */
export function natsPasswordVariable(service: ServiceName | 'admin'): string {
  return `ARCTRIGGER_NATS_PASSWORD_${service.replace(/-/g, '_').toUpperCase()}`;
}

export interface ServicePermissions {
  publish: string[];
  subscribe: string[];
}

/**
 * NATS permissions derived from the catalogue: a service may publish only what it is listed as
 * publishing and subscribe only to what it consumes, plus the JetStream API, its own KV buckets,
 * inboxes for replies, health and its own heartbeat and dead-letter subjects.
 */
export function permissionsFor(service: ServiceName): ServicePermissions {
  const publish = new Set<string>(['$JS.API.>', '$JS.ACK.>', '$JS.FC.>', '_INBOX.>']);
  const subscribe = new Set<string>(['_INBOX.>']);
  for (const c of allContracts()) {
    const subject = patternOf(c);
    if (c.publishers.includes(service)) publish.add(subject.replace(/\{service\}/, service));
    if (c.consumers.includes(service)) subscribe.add(subject);
  }
  // Heartbeats and dead letters: a service speaks only for itself.
  publish.delete('sys.heartbeat.v1.*');
  publish.delete('dlq.v1.*');
  publish.add(`sys.heartbeat.v1.${service}`);
  publish.add(`dlq.v1.${service}`);
  for (const bucket of KV_WRITERS[service]) publish.add(`$KV.${bucket}.>`);
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort() };
}

/** Renders deploy/nats/nats.conf. Passwords come from the environment (development defaults in scripts/). */
export function renderNatsConfig(): string {
  const q = (s: string) => JSON.stringify(s);
  const users = Object.values(ServiceName).map((service) => {
    const p = permissionsFor(service);
    return [
      `    {`,
      `      user: ${q(service)}`,
      `      password: $${natsPasswordVariable(service)}`,
      `      permissions: {`,
      `        publish: { allow: [${p.publish.map(q).join(', ')}] }`,
      `        subscribe: { allow: [${p.subscribe.map(q).join(', ')}] }`,
      `        allow_responses: true`,
      `      }`,
      `    }`,
    ].join('\n');
  });
  return [
    '# Generated from packages/contracts/src/nats-permissions.ts by `npm run docs:contracts`. Do not edit.',
    '# One user per service; permissions follow the subject catalogue. Passwords come from the',
    '# environment (scripts/ set development defaults). Port and store directory are given on the',
    '# command line (-p, -sd) so tests can run several servers side by side.',
    '',
    'jetstream: enabled',
    'max_payload: 1MB',
    '',
    'authorization {',
    '  users: [',
    users.join('\n'),
    '    {',
    '      user: "admin"',
    `      password: $${natsPasswordVariable('admin')}`,
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** Development-only default password for a NATS user (scripts/ and tests); production sets the variables. */
export function natsDevPassword(service: ServiceName | 'admin'): string {
  return `dev-${service}`;
}

/** Environment with every NATS password variable at its development default, unless already set. */
export function natsDevPasswordEnv(env: NodeJS.ProcessEnv = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const user of [...Object.values(ServiceName), 'admin' as const]) {
    const name = natsPasswordVariable(user);
    out[name] = env[name] ?? natsDevPassword(user);
  }
  return out;
}
