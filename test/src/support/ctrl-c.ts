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
 * measures until `child` has exited and none of `pids` is left. Resolves with whether it exited
 * cleanly and the time taken; gives up (and says which are left) after `limitMs` × 3.
 */
export async function pressCtrlC(child: ChildProcess, pids: readonly number[], limitMs: number): Promise<{ cleanExit: boolean; ms: number; left: number[] }> {
  // Exit 0, or ended by the SIGINT itself (npm does): either is a clean stop for a terminal.
  const exited = new Promise<boolean>((resolve) => child.once('exit', (code, signal) => resolve(code === 0 || signal === 'SIGINT')));
  const started = Date.now();
  process.kill(-child.pid!, 'SIGINT');
  const cleanExit = await exited;
  // Polled, not awaited: these processes are not our children (their exit is not an event here).
  while (pids.some(alive) && Date.now() - started < limitMs * 3) await new Promise((resolve) => setTimeout(resolve, 20));
  return { cleanExit, ms: Date.now() - started, left: pids.filter(alive) };
}
