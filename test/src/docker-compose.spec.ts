import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { repoRoot } from '@arctrigger/testkit';
import { monitoringExpressions, readAlertRules, readDashboard, readPrometheusConfig, referencedMetricNames } from './support/monitoring-files';

interface ComposeService {
  build?: { args?: { APP?: string } };
  restart?: string;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  environment?: Record<string, string> | string[];
  command?: string[];
  volumes?: string[];
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

  it.each(configured)('docker compose gives %s a metrics port and a healthcheck on its /readyz', (app) => {
    const service = compose.services[app]!;
    expect((service.environment as Record<string, string>).METRICS_PORT).toBe('9464');
    expect(service.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:9464/readyz');
  });

  it('prometheus scrapes every service on its metrics port and loads the alert rules', () => {
    const config = readPrometheusConfig();
    const targets = config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets.sort()).toEqual(configured.map((app) => `${app}:9464`).sort());
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    const prometheus = compose.services.prometheus!;
    expect(prometheus.volumes).toEqual(expect.arrayContaining(['./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro', './deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro']));
  });

  it('grafana is provisioned with the Prometheus data source and the ArcTrigger dashboard', () => {
    const grafana = compose.services.grafana!;
    expect(grafana.volumes).toEqual(expect.arrayContaining(['./deploy/grafana/provisioning:/etc/grafana/provisioning:ro', './deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro']));
    const dashboard = readDashboard();
    expect(dashboard.uid).toBe('arctrigger');
    const titles = dashboard.panels.map((p) => p.title).join(' | ');
    for (const topic of ['Trade path latency', 'Trades by state', 'Broker orders', 'TWS connected', 'Trading state', 'Consumer lag', 'Event-loop delay']) expect(titles).toContain(topic);
  });

  it('every alert rule names its runbook entry in docs/operations.md, and every expression queries metrics', () => {
    const runbook = readFileSync(join(root, 'docs', 'operations.md'), 'utf8');
    for (const rule of readAlertRules().groups.flatMap((g) => g.rules)) {
      const anchor = rule.annotations?.runbook?.split('#')[1];
      expect({ alert: rule.alert, anchor, inRunbook: anchor !== undefined && runbook.includes(`<a id="${anchor}"></a>`) }).toEqual({ alert: rule.alert, anchor, inRunbook: true });
    }
    expect(monitoringExpressions().length).toBeGreaterThan(10);
    expect(referencedMetricNames()).toEqual(expect.arrayContaining(['arctrigger_trade_path_duration_bucket', 'arctrigger_tws_connected', 'nodejs_eventloop_delay_p99']));
  });

  it('the cluster option runs three nats nodes routed to each other, and every service dials all three with 3 replicas', () => {
    const cluster = parse(readFileSync(join(root, 'docker-compose.cluster.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService & { volumes?: string[] }> };
    const nodes = ['nats', 'nats-2', 'nats-3'];
    for (const [i, node] of nodes.entries()) {
      const command = cluster.services[node]?.command ?? [];
      expect(command).toEqual(expect.arrayContaining(['-c', '/etc/nats/cluster.conf', '-n', `arctrigger-${i + 1}`, '-sd', '/data']));
      const routes = command[command.indexOf('--routes') + 1]!.split(',');
      expect(routes.sort()).toEqual(nodes.filter((n) => n !== node).map((n) => `nats://${n}:6222`).sort());
      expect(cluster.services[node]?.volumes).toEqual(expect.arrayContaining(['./deploy/nats/cluster.conf:/etc/nats/cluster.conf:ro', './deploy/nats/nats.conf:/etc/nats/nats.conf:ro']));
    }
    for (const app of configured) {
      expect(cluster.services[app]?.environment).toEqual({ NATS_URL: 'nats://nats:4222,nats://nats-2:4222,nats://nats-3:4222', NATS_REPLICAS: '3' });
      expect(Object.keys(configSchema(app).shape)).toEqual(expect.arrayContaining(['NATS_URL', 'NATS_REPLICAS']));
    }
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
