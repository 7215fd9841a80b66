import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsDevPassword, natsDevPasswordEnv, type ServiceName } from '@arctrigger/contracts';
import { freePort } from './free-port';
import { repoRoot } from './repo-root';
import { waitForOutput } from './process-output';

export interface TestNatsServer {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Connects as one of the service users (or admin) with its development password. */
  connectAs(user: ServiceName | 'admin', options?: { name?: string }): Promise<NatsConnection>;
  /** Environment a service process needs to reach this server as `user`. */
  envFor(user: ServiceName | 'admin'): Record<string, string>;
  /** Stops the server (SIGTERM, then SIGKILL). Keeps the store unless `removeStore`. */
  stop(options?: { removeStore?: boolean }): Promise<void>;
  /** Starts it again on the same port and store (JetStream state survives). */
  restart(): Promise<void>;
  /** Permission violations the server logged so far (one line each). */
  violations(): string[];
}

/** Path of the nats-server binary: NATS_SERVER_BIN, Debian's /usr/sbin/nats-server, or PATH. */
export function natsServerBinary(): string {
  const fromEnv = process.env.NATS_SERVER_BIN;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/sbin/nats-server')) return '/usr/sbin/nats-server';
  return 'nats-server';
}

/**
 * Starts a real nats-server with JetStream and the project's permissions (deploy/nats/nats.conf)
 * on a free port and a fresh store directory. Resolves once the server says it is ready.
 */
export async function startNatsServer(): Promise<TestNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'arctrigger-nats-'));
  const config = join(repoRoot(), 'deploy', 'nats', 'nats.conf');
  let child: ChildProcess | undefined;

  const launch = async () => {
    child = spawn(natsServerBinary(), ['-c', config, '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, '--http_port', '0'], {
      env: { ...process.env, ...natsDevPasswordEnv(process.env) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitForOutput(child, /Server is ready/, 15_000, 'nats-server');
    // Keep reading what the server logs (a full pipe would stall it) and keep its permission
    // violations; ARCTRIGGER_NATS_LOG names a file that gets every line too.
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      if (process.env.ARCTRIGGER_NATS_LOG) appendFileSync(process.env.ARCTRIGGER_NATS_LOG, text);
      for (const line of text.split('\n')) if (/Violation/i.test(line)) violations.push(line);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  };
  const violations: string[] = [];
  await launch();

  const url = `nats://127.0.0.1:${port}`;
  return {
    url,
    port,
    storeDir,
    connectAs(user, options = {}) {
      return connect({ servers: url, user, pass: natsDevPassword(user), name: options.name ?? `test-${user}`, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    },
    envFor(user) {
      return { NATS_URL: url, NATS_USER: user, NATS_PASSWORD: natsDevPassword(user) };
    },
    async stop(options = {}) {
      await stopProcess(child);
      child = undefined;
      if (options.removeStore) rmSync(storeDir, { recursive: true, force: true });
    },
    async restart() {
      await stopProcess(child);
      await launch();
    },
    violations() {
      return [...violations];
    },
  };
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
