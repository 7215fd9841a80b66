import { allContracts } from './catalogue';
import { patternOf } from './core/contract';
import { ServiceName } from './core/enums';
import { jetStreamAccessFor, KV_WRITERS } from './jetstream-access';

/** Environment variable holding a service's NATS password. */
export function natsPasswordVariable(service: ServiceName | 'admin'): string {
  return `ARCTRIGGER_NATS_PASSWORD_${service.replace(/-/g, '_').toUpperCase()}`;
}

export interface ServicePermissions {
  publish: string[];
  /** Publish subjects refused although an allow pattern covers them. */
  publishDeny: string[];
  subscribe: string[];
}

/**
 * NATS permissions derived from the catalogue: a service may publish only what it is listed as
 * publishing and subscribe only to what it consumes, plus the JetStream API for the streams,
 * consumers and buckets it owns or reads (jetstream-access.ts), writes to its own KV buckets,
 * inboxes for replies, health and its own heartbeat and dead-letter subjects.
 */
export function permissionsFor(service: ServiceName): ServicePermissions {
  const jetStream = jetStreamAccessFor(service);
  const publish = new Set<string>([...jetStream.allow, '_INBOX.>']);
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
  return { publish: [...publish].sort(), publishDeny: jetStream.deny, subscribe: [...subscribe].sort() };
}

/**
 * Renders deploy/nats/nats.conf. Passwords come from the environment (development defaults in scripts/).
 * No `allow_responses`: every reply goes to an `_INBOX.>` subject and every JetStream ack to
 * `$JS.ACK.<stream>.>`, both allowed above; with it, nats-server 2.9 records the reply subject of
 * every message delivered to the service — each JetStream message carries one — and prunes that
 * record on every delivery once it holds 4,096: reading 100,000 KV entries took 140 s instead of 1.5 s.
 */
export function renderNatsConfig(): string {
  const q = (s: string) => JSON.stringify(s);
  const users = Object.values(ServiceName).map((service) => {
    const p = permissionsFor(service);
    return [
      `    {`,
      `      user: ${q(service)}`,
      `      password: $${natsPasswordVariable(service)}`,
      `      permissions: {`,
      `        publish: { allow: [${p.publish.map(q).join(', ')}]${p.publishDeny.length ? `, deny: [${p.publishDeny.map(q).join(', ')}]` : ''} }`,
      `        subscribe: { allow: [${p.subscribe.map(q).join(', ')}] }`,
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
