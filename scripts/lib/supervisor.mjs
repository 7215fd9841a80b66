// Runs the system's processes and keeps them running: a process that exits after it was ready is
// restarted with backoff while the others keep running; one that crashes `maxCrashes` times within
// `windowMs` is given up on, and the log says why. Stopping goes tier by tier (services before
// the simulator and NATS), so services drain while the bus is still there.
import { spawn } from 'node:child_process';
import { prefixLines } from './prefixed-output.mjs';

/** Exit codes that a restart cannot fix: a bad configuration (78, EX_CONFIG). */
const PERMANENT_EXIT_CODES = new Set([78]);

export class Supervisor {
  constructor({ maxCrashes = 5, windowMs = 60_000, backoffMs = [250, 500, 1_000, 2_000, 4_000], readyTimeoutMs = 30_000, log = console.log } = {}) {
    this.options = { maxCrashes, windowMs, backoffMs, readyTimeoutMs };
    this.log = log;
    this.entries = [];
    this.stopping = false;
  }

  /**
   * Starts `command args` as `name` and resolves once a line of its output matches `ready` (or at
   * once without a pattern). `tier`: lower tiers stop last. A process that exits before it was
   * ever ready rejects: the start failed.
   */
  start(name, { command = process.execPath, args = [], env = {}, ready, tier = 1, child: adopted }) {
    const entry = { name, spec: { command, args, env, ready, tier }, index: this.entries.length, crashes: [], child: undefined, gaveUp: false, timer: undefined };
    this.entries.push(entry);
    return this.launch(entry, adopted);
  }

  launch(entry, adopted) {
    const { command, args, env, ready } = entry.spec;
    // Each child in its own process group: Ctrl-C in the terminal reaches this script only, which
    // then stops the services before the bus they drain to (see stopAll).
    const child = adopted ?? spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    entry.child = child;
    entry.startedAt = Date.now();
    return new Promise((resolve, reject) => {
      // An adopted child (nats-server, started by ensureNatsServer) is ready already.
      let isReady = !ready || adopted !== undefined;
      const timer = ready
        ? setTimeout(() => reject(new Error(`${entry.name} was not ready within ${this.options.readyTimeoutMs / 1000} s`)), this.options.readyTimeoutMs)
        : undefined;
      const onLine = (line) => {
        if (isReady || !ready.test(line)) return;
        isReady = true;
        clearTimeout(timer);
        resolve(child);
      };
      if (!adopted) {
        prefixLines(entry.name, entry.index, child.stdout, onLine);
        prefixLines(entry.name, entry.index, child.stderr, onLine);
      }
      if (isReady) resolve(child);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.stopping) return;
        const how = signal ?? `exit code ${code}`;
        if (!isReady) return reject(new Error(`${entry.name} exited (${how}) before it was ready`));
        this.onCrash(entry, code, how);
      });
    });
  }

  onCrash(entry, code, how) {
    const now = Date.now();
    entry.crashes = [...entry.crashes.filter((t) => now - t < this.options.windowMs), now];
    if (PERMANENT_EXIT_CODES.has(code) || entry.crashes.length >= this.options.maxCrashes) {
      entry.gaveUp = true;
      const why = PERMANENT_EXIT_CODES.has(code)
        ? 'its configuration is invalid (exit code 78): fix it and run npm start again'
        : `it crashed ${entry.crashes.length} times within ${this.options.windowMs / 1000} s`;
      this.log(`[start] ${entry.name} exited (${how}); NOT restarting it: ${why}. Everything else keeps running.`);
      return;
    }
    const delay = this.options.backoffMs[Math.min(entry.crashes.length - 1, this.options.backoffMs.length - 1)];
    this.log(`[start] ${entry.name} exited (${how}); restarting it in ${delay} ms (crash ${entry.crashes.length} of ${this.options.maxCrashes} allowed within ${this.options.windowMs / 1000} s)`);
    entry.timer = setTimeout(() => {
      if (this.stopping) return;
      this.launch(entry).then(
        (child) => this.log(`[start] ${entry.name} restarted: pid ${child.pid}, ready`),
        (error) => this.log(`[start] ${entry.name} restart failed: ${error.message}`),
      );
    }, delay);
  }

  /** Last resort when this script exits without stopAll (an uncaught error): no process outlives it. */
  killAllNow() {
    for (const e of this.entries) if (e.child && e.child.exitCode === null && e.child.signalCode === null) e.child.kill('SIGKILL');
  }

  /** `name=pid` of every process, in start order. */
  pids() {
    return this.entries.map((e) => `${e.name}=${e.child?.pid}`).join(' ');
  }

  /** Stops every process, highest tier first; each tier gets `graceMs` before SIGKILL. */
  async stopAll(graceMs = 1_200) {
    this.stopping = true;
    for (const e of this.entries) clearTimeout(e.timer);
    const tiers = [...new Set(this.entries.map((e) => e.spec.tier))].sort((a, b) => b - a);
    for (const tier of tiers) {
      await Promise.all(this.entries.filter((e) => e.spec.tier === tier).map((e) => stopChild(e.child, graceMs)));
    }
  }
}

function stopChild(child, graceMs) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
