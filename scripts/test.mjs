// `npm test`: installs what is missing, makes nats-server available, then builds, lints,
// typechecks and runs every test suite (unit, integration with real nats-server and processes,
// cross-service tests). Ends with one summary line: "N passed, N failed".
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './lib/ensure-deps.mjs';
import { ensureChromium } from './lib/ensure-chromium.mjs';
import { ensureNatsBinary } from './lib/ensure-nats.mjs';
import { run } from './lib/run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const turbo = join(root, 'node_modules', '.bin', 'turbo');

async function main() {
  await ensureDeps(root);
  process.env.NATS_SERVER_BIN = await ensureNatsBinary();
  console.log(`[test] nats-server: ${process.env.NATS_SERVER_BIN}`);
  process.env.CHROMIUM_BIN = await ensureChromium();
  console.log(`[test] chromium: ${process.env.CHROMIUM_BIN}`);
  await run(turbo, ['run', 'build', '--output-logs=errors-only'], { cwd: root });
  // Two at a time on two cores: each task builds a TypeScript program (0.5–1 GB); ten at once only thrash.
  await run(turbo, ['run', 'lint', 'typecheck', '--concurrency=2', '--output-logs=errors-only'], { cwd: root });
  // Layers and cycles across files (type imports included): .dependency-cruiser.cjs.
  await run(join(root, 'node_modules', '.bin', 'depcruise'), ['apps', 'packages', 'test', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: root });
  let output = '';
  let failed = false;
  try {
    // One workspace at a time: integration suites start real servers and processes on 2 cores.
    output = await run(turbo, ['run', 'test', '--concurrency=1', '--continue', '--output-logs=full'], { cwd: root, capture: true });
  } catch (error) {
    output = error.output ?? '';
    failed = true;
  }
  let passed = 0;
  let failedTests = 0;
  for (const m of output.matchAll(/Tests:\s+(?:(\d+) failed, )?(?:\d+ skipped, )?(?:\d+ todo, )?(\d+) passed, \d+ total/g)) {
    failedTests += Number(m[1] ?? 0);
    passed += Number(m[2]);
  }
  for (const m of output.matchAll(/Tests:\s+(\d+) failed, \d+ total/g)) failedTests += Number(m[1]);
  if (failed && failedTests === 0) failedTests = 1; // a suite failed to run at all
  console.log(`\n${passed} passed, ${failedTests} failed`);
  process.exit(failed || failedTests > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
