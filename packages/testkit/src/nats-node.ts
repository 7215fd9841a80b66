import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, rmSync } from 'node:fs';
import { natsDevPasswordEnv } from '@arctrigger/contracts';
import { waitForOutput } from './process-output';

/** Path of the nats-server binary: NATS_SERVER_BIN, Debian's /usr/sbin/nats-server, or PATH. */
export function natsServerBinary(): string {
  const fromEnv = process.env.NATS_SERVER_BIN;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/sbin/nats-server')) return '/usr/sbin/nats-server';
  return 'nats-server';
}

/**
 * One nats-server process with fixed arguments (port, store directory, cluster routes): started,
 * stopped, killed (-9) and started again on the same port and store.
 */
export class NatsNode {
  private child: ChildProcess | undefined;
  private output = '';
  /** Permission violations this node logged, across restarts (one line each). */
  readonly violations: string[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    readonly storeDir: string,
    private readonly args: readonly string[],
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** Everything this node printed since it was last started. */
  log(): string {
    return this.output;
  }

  /** Starts the process and resolves once it says it is ready. */
  async start(): Promise<void> {
    this.output = '';
    const child = spawn(natsServerBinary(), [...this.args], { env: { ...process.env, ...natsDevPasswordEnv(process.env) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    // Read for as long as it runs (a full pipe would stall the server); ARCTRIGGER_NATS_LOG names a
    // file that gets every line too.
    const keep = (c: Buffer) => {
      const text = c.toString();
      this.output = (this.output + text).slice(-200_000);
      if (process.env.ARCTRIGGER_NATS_LOG) appendFileSync(process.env.ARCTRIGGER_NATS_LOG, text);
      for (const line of text.split('\n')) if (/Violation/i.test(line)) this.violations.push(line);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitForOutput(child, /Server is ready/, 15_000, this.name);
  }

  /** SIGTERM, then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    await this.end('SIGTERM');
  }

  /** kill -9: no shutdown, the store as the crash left it. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  removeStore(): void {
    rmSync(this.storeDir, { recursive: true, force: true });
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
  }
}
