// `npm run bench`: builds, then runs every workspace's `bench` script one after another.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './lib/ensure-deps.mjs';
import { ensureNatsBinary } from './lib/ensure-nats.mjs';
import { run } from './lib/run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const turbo = join(root, 'node_modules', '.bin', 'turbo');

await ensureDeps(root);
process.env.NATS_SERVER_BIN = await ensureNatsBinary();
await run(turbo, ['run', 'build', '--output-logs=errors-only'], { cwd: root });
await run(turbo, ['run', 'bench', '--concurrency=1', '--output-logs=full', ...process.argv.slice(2)], { cwd: root });
