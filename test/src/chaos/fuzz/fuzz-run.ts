/**
 * The fuzz run: a fresh system (every service a real process), the bus's state recorded, then
 * thousands of invalid payloads per request contract over NATS and thousands of invalid HTTP
 * requests against the console; afterwards every service must still run, and the streams and KV
 * buckets must hold exactly what they held before (what the system keeps by itself — partition
 * and market-data leases, heartbeats — aside).
 */
import type { ServiceName } from '@arctrigger/contracts';
import { freePort } from '@arctrigger/testkit';
import { SystemHarness } from '../../support/system-harness';
import { flatStock } from '../../support/trade-driver';
import { busState, diffState } from './bus-state';
import { fuzzContracts, type TargetCount } from './contract-fuzzer';
import { fuzzHttp } from './http-fuzzer';
import { SERVICES } from '../chaos-world';

export interface FuzzOutcome {
  table: string;
  summary: string;
  payloads: number;
  failures: number;
  counts: TargetCount[];
}

const DEV_ADMIN_TOKEN = 'dev-admin-token';
/** Every service that answers a request contract: the fault worlds' services and the auditor (audit.query.violations). */
const FUZZED_SERVICES: ServiceName[] = [...SERVICES, 'auditor'];

export function renderFuzzTable(counts: readonly TargetCount[], extra: readonly string[]): string {
  const width = Math.max(...counts.map((c) => c.target.length), 10);
  const lines = [`${'target'.padEnd(width)}  payloads  refused  failures`, `${'-'.repeat(width)}  --------  -------  --------`];
  for (const c of counts) {
    lines.push(`${c.target.padEnd(width)}  ${String(c.sent).padStart(8)}  ${String(c.refused).padStart(7)}  ${String(c.failures).padStart(8)}`);
    for (const e of c.examples) lines.push(`    ${e}`);
  }
  return [...lines, ...extra].join('\n');
}

/** Runs the fuzzer with `perTarget` payloads per request contract and as many HTTP requests in all. */
export async function runFuzz(perTarget: number, log: (line: string) => void = console.log): Promise<FuzzOutcome> {
  if (perTarget === 0) return { table: '', summary: 'fuzz: 0 payloads, 0 failures', payloads: 0, failures: 0, counts: [] };
  const httpPort = await freePort();
  log(`[fuzz] starting a fresh system…`);
  const system = await SystemHarness.start({
    services: FUZZED_SERVICES,
    readyTimeoutMs: 120_000,
    sim: { scenario: { tickIntervalMs: 100, stocks: [flatStock('AAPL', 2001, 100)] } },
    env: { console: { HTTP_PORT: String(httpPort) } },
  });
  try {
    const before = await busState(system.admin);
    log(`[fuzz] ${perTarget} invalid payloads per request contract…`);
    const contracts = await fuzzContracts(system, perTarget);
    log(`[fuzz] ${perTarget} invalid HTTP requests from the OpenAPI document…`);
    const http = await fuzzHttp(httpPort, DEV_ADMIN_TOKEN, perTarget);
    const extra: string[] = [];
    let failures = 0;
    for (const app of FUZZED_SERVICES) {
      const p = system.processes.get(app)!;
      const exited = await Promise.race([p.exited.then((e) => e), Promise.resolve(undefined)]);
      if (exited) {
        failures++;
        extra.push(`crash: ${app} exited (${exited.signal ?? exited.code}): ${p.output().slice(-500)}`);
      }
    }
    const changes = diffState(before, await busState(system.admin));
    for (const c of changes) extra.push(`state change: ${c}`);
    failures += changes.length;
    const counts = [...contracts, ...http];
    failures += counts.reduce((n, c) => n + c.failures, 0);
    const payloads = counts.reduce((n, c) => n + c.sent, 0);
    const totals = [
      `request contracts: ${contracts.length}, ${contracts.reduce((n, c) => n + c.sent, 0)} payloads (${contracts.reduce((n, c) => n + c.validSkipped, 0)} generated payloads the schemas accept were not sent)`,
      `HTTP routes: ${http.length}, ${http.reduce((n, c) => n + c.sent, 0)} requests`,
      `crashes: ${extra.filter((e) => e.startsWith('crash')).length}, state changes: ${changes.length}`,
    ];
    return { table: renderFuzzTable(counts, [...totals, ...extra]), summary: `fuzz: ${payloads} payloads, ${failures} failures`, payloads, failures, counts };
  } finally {
    await system.stop();
  }
}
