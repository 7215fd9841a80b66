import type { ChildProcess } from 'node:child_process';

/**
 * Resolves when a child process writes a line matching `pattern` (stdout or stderr); rejects if it
 * exits first or the time runs out. Output is kept so a failure message can show it.
 */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number, label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = pattern.exec(seen);
      if (m) {
        cleanup();
        resolve(m[0]);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`${label} exited (code ${code}, signal ${signal}) before ${pattern}:\n${seen.slice(-4000)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${label}: no ${pattern} within ${timeoutMs} ms:\n${seen.slice(-4000)}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}
