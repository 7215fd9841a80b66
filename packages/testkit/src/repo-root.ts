import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The monorepo root (the folder holding turbo.json), found from this file upward. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'turbo.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (turbo.json) above ' + __dirname);
    dir = parent;
  }
  return dir;
}
