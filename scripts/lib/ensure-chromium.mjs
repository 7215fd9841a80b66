// Makes Debian's Chromium available for the desk's browser tests (driven by playwright-core, which
// downloads no browser of its own): CHROMIUM_BIN, /usr/bin/chromium, or `apt-get install chromium`
// where apt is usable (root or passwordless sudo); otherwise it says how to install it.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { run } from './run.mjs';

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function findChromium() {
  return [process.env.CHROMIUM_BIN, '/usr/bin/chromium', which('chromium')].find((p) => p && existsSync(p));
}

export async function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && which('sudo') ? ['sudo', '-n'] : [];
  if (which('apt-get') && (isRoot || sudo.length)) {
    console.log('[setup] chromium not found: installing Debian package chromium for the desk browser tests…');
    const apt = (...args) => (sudo.length ? run('sudo', ['-n', 'apt-get', ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) : run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }));
    try {
      await apt('update', '-qq');
      await apt('install', '-y', '-qq', 'chromium');
    } catch (error) {
      console.error(`[setup] apt-get could not install chromium: ${error.message}`);
    }
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(
    [
      'chromium is required by the desk browser tests but was not found, and it could not be installed automatically.',
      '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
      'or set CHROMIUM_BIN=/path/to/chromium.',
    ].join('\n'),
  );
}
