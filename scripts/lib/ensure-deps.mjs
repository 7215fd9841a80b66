// Installs dependencies when node_modules is missing or older than package-lock.json.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';

export async function ensureDeps(root) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  // `npm install`, not `npm ci`: npm 11 leaves other platforms' optional binaries (@swc/core-*,
  // @turbo/*) out of the lock file it writes and then refuses that same file in `npm ci`.
  // `npm install` installs the locked versions all the same.
  console.log('[setup] installing dependencies (npm install)…');
  await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: root });
}
