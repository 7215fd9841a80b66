#!/usr/bin/env node
import { join } from 'node:path';
import { parseCli } from './cli-options';
import { loadScenarioFile } from './scenario/load-scenario';
import { startTwsSim } from './tws-sim';

/** arctrigger-sim: the simulator as a process. Prints one JSON "tws-sim ready" line when listening. */
async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2), process.env);
  if (!cli.ok) return fail(cli.message);
  const { options } = cli;
  const scenarioPath = options.scenario ?? join(__dirname, '..', 'scenarios', 'default.json');
  const loaded = loadScenarioFile(scenarioPath);
  if (!loaded.ok) return fail(loaded.message);
  const sim = await startTwsSim({
    port: options.port,
    controlPort: options.controlPort,
    host: options.host,
    scenario: loaded.scenario,
    seed: options.seed,
    clock: options.clockOffsetMs !== undefined ? Date.now() + options.clockOffsetMs : options.clock,
    speed: options.speed,
  });
  log('info', 'tws-sim ready', { port: sim.port, controlPort: sim.controlPort, scenario: scenarioPath, clock: new Date(sim.clock.now()).toISOString() });
  const shutdown = (signal: string) => {
    log('info', 'tws-sim stopping', { signal });
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

function log(level: string, msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), service: 'tws-sim', msg, ...fields })}\n`);
}

function fail(message: string): void {
  log('error', 'tws-sim failed to start', { error: message });
  process.exitCode = 2;
}

void main().catch((e: unknown) => {
  fail(e instanceof Error ? e.message : String(e));
  process.exit(2);
});
