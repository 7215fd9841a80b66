// `npm test`: installs what is missing, makes nats-server available, then builds, lints,
// typechecks and runs every test suite (unit, integration with real nats-server and processes,
// cross-service tests). Ends with one summary line: "N passed, N failed".
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './lib/ensure-deps.mjs';
import { ensureChromium } from './lib/ensure-chromium.mjs';
import { ensureNatsBinary } from './lib/ensure-nats.mjs';
import { jestFailures } from './lib/jest-failures.mjs';
import { run } from './lib/run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const turbo = join(root, 'node_modules', '.bin', 'turbo');
/** What ESLint checks: every workspace's sources and tests, and the desk (folders: ESLint expands no globs of folders). */
const LINTED = [
  ...['packages', 'apps'].flatMap((group) => readdirSync(join(root, group)).flatMap((ws) => ['src', 'test'].map((d) => `${group}/${ws}/${d}`))),
  'apps/console/web/src',
  'test/src',
].filter((dir) => existsSync(join(root, dir)));

async function main() {
  await ensureDeps(root);
  process.env.NATS_SERVER_BIN = await ensureNatsBinary();
  console.log(`[test] nats-server: ${process.env.NATS_SERVER_BIN}`);
  process.env.CHROMIUM_BIN = await ensureChromium();
  console.log(`[test] chromium: ${process.env.CHROMIUM_BIN}`);
  await run(turbo, ['run', 'build', '--output-logs=errors-only'], { cwd: root });
  // Static checks, two processes for two cores: TypeScript over every workspace as one program
  // (tsconfig.all.json: the shared packages are checked once, not once per workspace; the desk's
  // browser code has a tsconfig of its own), beside one ESLint run over the same files.
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  const checks = await Promise.allSettled([
    run(bin('tsc'), ['-p', 'tsconfig.all.json'], { cwd: root }).then(() => run(bin('tsc'), ['-p', 'apps/console/web/tsconfig.json'], { cwd: root })),
    run(bin('eslint'), [...LINTED, '--max-warnings', '0', '--no-warn-ignored'], { cwd: root }),
  ]);
  const broken = checks.find((c) => c.status === 'rejected');
  if (broken) throw broken.reason;
  // Layers and cycles across files (type imports included): .dependency-cruiser.cjs.
  await run(bin('depcruise'), ['apps', 'packages', 'test', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: root });
  // Two lanes side by side (the build above is done, so --only): the system tests, the longest
  // workspace and mostly waiting on processes, timers and the network; and every other workspace,
  // one at a time. Within a workspace jest runs one suite at a time (integration suites start real
  // servers and processes).
  const lanes = [
    ['--filter=@arctrigger/system-tests'],
    ['--filter=!@arctrigger/system-tests', '--concurrency=1'],
  ];
  const settled = await Promise.allSettled(
    lanes.map((filter) => run(turbo, ['run', 'test', '--only', ...filter, '--continue', '--output-logs=full'], { cwd: root, capture: true })),
  );
  const failed = settled.some((s) => s.status === 'rejected');
  const output = settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason.output ?? ''))).join('\n');
  let passed = 0;
  let failedTests = 0;
  for (const m of output.matchAll(/Tests:\s+(?:(\d+) failed, )?(?:\d+ skipped, )?(?:\d+ todo, )?(\d+) passed, \d+ total/g)) {
    failedTests += Number(m[1] ?? 0);
    passed += Number(m[2]);
  }
  for (const m of output.matchAll(/Tests:\s+(\d+) failed, \d+ total/g)) failedTests += Number(m[1]);
  if (failed && failedTests === 0) failedTests = 1; // a suite failed to run at all
  const failures = jestFailures(output);
  if (failures.length > 0) console.log(`\n[test] what failed (repeated from above):\n\n${failures.join('\n\n')}`);
  console.log(`\n${passed} passed, ${failedTests} failed`);
  process.exit(failed || failedTests > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
