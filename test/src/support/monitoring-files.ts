import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@arctrigger/testkit';

/** Metrics Prometheus makes itself (not exported by a service). */
const PROMETHEUS_OWN = new Set(['up']);

export interface Dashboard {
  uid: string;
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

export interface AlertRules {
  groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; annotations?: { runbook?: string } }> }>;
}

const deploy = (...path: string[]) => join(repoRoot(), 'deploy', ...path);

export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(deploy('grafana', 'dashboards', 'arctrigger.json'), 'utf8')) as Dashboard;
}

export function readAlertRules(): AlertRules {
  return parse(readFileSync(deploy('prometheus', 'alerts.yml'), 'utf8')) as AlertRules;
}

export function readPrometheusConfig(): { rule_files: string[]; scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> } {
  return parse(readFileSync(deploy('prometheus', 'prometheus.yml'), 'utf8')) as never;
}

/** Every PromQL expression of the dashboard and the alert rules. */
export function monitoringExpressions(): string[] {
  return [...readDashboard().panels.flatMap((p) => p.targets.map((t) => t.expr)), ...readAlertRules().groups.flatMap((g) => g.rules.map((r) => r.expr))];
}

/** The metric names those expressions query (functions, labels and Prometheus' own `up` left out). */
export function referencedMetricNames(): string[] {
  const names = new Set<string>();
  for (const expr of monitoringExpressions()) {
    const withoutLabels = expr.replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '');
    for (const [name] of withoutLabels.matchAll(/\b(?:arctrigger|nodejs)_[a-z0-9_]+\b/g)) if (!PROMETHEUS_OWN.has(name)) names.add(name);
  }
  return [...names].sort();
}
