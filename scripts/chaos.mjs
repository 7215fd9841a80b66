// `npm run chaos [-- --subset | --only <regex> | --fuzz <n> | --no-faults]`: builds, makes
// nats-server available, then runs the fault matrix and the fuzzer (test/src/chaos) against the
// whole system as real processes. Ends with `chaos: <F> faults, <P> passed, <X> failed` and
// `fuzz: <N> payloads, <X> failures`.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './lib/ensure-deps.mjs';
import { ensureNatsBinary } from './lib/ensure-nats.mjs';
import { run } from './lib/run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  await ensureDeps(root);
  process.env.NATS_SERVER_BIN = await ensureNatsBinary();
  await run(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: root });
  const child = spawn(process.execPath, [join(root, 'test', 'dist', 'chaos', 'main.js'), ...process.argv.slice(2)], { cwd: join(root, 'test'), stdio: 'inherit' });
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
