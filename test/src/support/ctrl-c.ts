import type { ChildProcess } from 'node:child_process';

/** The `name=pid` pairs of `npm start`'s `[start] pids:` line. */
export function pidsOf(line: string): Array<{ name: string; pid: number }> {
  return [...line.matchAll(/([\w-]+)=(\d+)/g)].map((m) => ({ name: m[1]!, pid: Number(m[2]) }));
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Presses Ctrl-C as a terminal does (SIGINT to the foreground process group `child` leads) and
 * measures until `child` has exited and none of `pids` is left. Resolves with the exit code and
 * the time taken; gives up (and says which are left) after `limitMs` × 3.
 */
export async function pressCtrlC(child: ChildProcess, pids: readonly number[], limitMs: number): Promise<{ code: number | null; ms: number; left: number[] }> {
  const exited = new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
  const started = Date.now();
  process.kill(-child.pid!, 'SIGINT');
  const code = await exited;
  // Polled, not awaited: these processes are not our children (their exit is not an event here).
  while (pids.some(alive) && Date.now() - started < limitMs * 3) await new Promise((resolve) => setTimeout(resolve, 20));
  return { code, ms: Date.now() - started, left: pids.filter(alive) };
}
