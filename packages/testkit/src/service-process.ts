import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';
import { waitForOutput } from './process-output';

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM and waits for exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** kill -9: no shutdown hooks run. */
  kill(): Promise<void>;
  /** Resolves when the process prints a line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export interface StartServiceOptions {
  /** App folder under apps/ (gateway, order-service, …), or an absolute script path. */
  app: string;
  env: Record<string, string>;
  /** Line that means "ready"; defaults to the service kit's `<app> ready` log line. */
  readyPattern?: RegExp;
  readyTimeoutMs?: number;
  args?: string[];
}

/** Runs a built service (apps/<app>/dist/main.js) as a real child process and waits until it is ready. */
export async function startServiceProcess(options: StartServiceOptions): Promise<ServiceProcess> {
  const script = options.app.startsWith('/') ? options.app : join(repoRoot(), 'apps', options.app, 'dist', 'main.js');
  if (!existsSync(script)) throw new Error(`${script} does not exist: build first (npm run build)`);
  const child: ChildProcess = spawn(process.execPath, [script, ...(options.args ?? [])], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const name = options.app.split('/').pop() ?? options.app;
  const proc: ServiceProcess = {
    name,
    pid: child.pid ?? -1,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    waitFor(pattern, timeoutMs = 20_000) {
      const m = pattern.exec(out);
      if (m) return Promise.resolve(m[0]);
      return waitForOutput(child, pattern, timeoutMs, name);
    },
  };
  try {
    await proc.waitFor(options.readyPattern ?? new RegExp(`"msg":"${name} ready"`), options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    // A process that never got ready must not outlive the test that started it.
    await proc.kill();
    throw error;
  }
  return proc;
}
