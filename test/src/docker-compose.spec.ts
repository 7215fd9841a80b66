import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { repoRoot } from '@arctrigger/testkit';

interface ComposeService {
  build?: { args?: { APP?: string } };
  restart?: string;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  environment?: Record<string, string> | string[];
  command?: string[];
}

const root = repoRoot();
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const apps = readdirSync(join(root, 'apps'));
/** Apps configured by a zod schema exported from src/config.ts (the simulator takes CLI flags). */
const configured = apps.filter((a) => a !== 'tws-sim');

function configSchema(app: string): z.ZodObject {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(root, 'apps', app, 'src', 'config.ts')) as Record<string, unknown>;
  const schema = Object.entries(mod).find(([name]) => name.endsWith('Config'))?.[1];
  if (!schema) throw new Error(`apps/${app}/src/config.ts exports no *Config schema`);
  return schema as z.ZodObject;
}

describe('docker-compose.yml', () => {
  it.each(apps)('docker compose has a service for %s built from the shared Dockerfile with its APP', (app) => {
    const service = compose.services[app];
    expect(service).toBeDefined();
    expect(service?.build?.args?.APP).toBe(app);
  });

  it.each(configured)('docker compose gives %s only environment names its config schema knows', (app) => {
    const env = compose.services[app]?.environment ?? {};
    const names = Array.isArray(env) ? env.map((e) => e.split('=')[0]!) : Object.keys(env);
    const known = Object.keys(configSchema(app).shape);
    expect(names.filter((n) => !known.includes(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['NATS_URL', 'NATS_USER', 'NATS_PASSWORD']));
  });

  it('docker compose runs nats with the project config and a JetStream volume', () => {
    const nats = compose.services.nats as ComposeService & { volumes: string[] };
    expect(nats.command).toEqual(expect.arrayContaining(['-c', '/etc/nats/nats.conf', '-sd', '/data']));
    expect(nats.volumes).toEqual(expect.arrayContaining(['./deploy/nats/nats.conf:/etc/nats/nats.conf:ro', 'nats-data:/data']));
  });

  it.each(apps)('docker compose restarts %s when it crashes', (app) => {
    expect(compose.services[app]?.restart).toBe('unless-stopped');
  });

  it.each(configured)('docker compose starts %s only once the bus is healthy', (app) => {
    expect(compose.services[app]?.depends_on).toMatchObject({ nats: { condition: 'service_healthy' } });
  });

  it('docker compose starts the gateway once the simulator answers, and checks the bus and the simulator for health', () => {
    expect(compose.services.gateway?.depends_on).toMatchObject({ 'tws-sim': { condition: 'service_healthy' } });
    expect(compose.services.nats?.healthcheck?.test.join(' ')).toContain('/healthz?js-enabled-only=true');
    expect(compose.services['tws-sim']?.healthcheck?.test.join(' ')).toContain('/health');
  });
});
