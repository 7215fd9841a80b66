import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ShellResult {
  code: number;
  out: string;
  err: string;
}

/**
 * One interactive-like bash, as a terminal: commands run one after another in the same shell, so
 * `export` and `$(…)` carry over exactly as they do for a person typing them.
 */
export class ShellSession {
  private readonly shell: ChildProcessWithoutNullStreams;
  private out = '';
  private err = '';
  private seq = 0;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.shell = spawn('bash', ['--noprofile', '--norc'], { cwd, env, stdio: 'pipe' });
    this.shell.stdout.on('data', (c: Buffer) => (this.out += c.toString()));
    this.shell.stderr.on('data', (c: Buffer) => (this.err += c.toString()));
  }

  /** Types one command; resolves with its exit code and what it printed, or rejects after `timeoutMs`. */
  run(command: string, timeoutMs = 120_000): Promise<ShellResult> {
    const marker = `__readme_done_${++this.seq}__`;
    const startOut = this.out.length;
    const startErr = this.err.length;
    this.shell.stdin.write(`${command}\nprintf '\\n${marker}%s\\n' "$?"\n`);
    return new Promise((resolve, reject) => {
      const pattern = new RegExp(`\\n${marker}(\\d+)\\n`);
      const timer = setTimeout(() => {
        this.shell.stdout.off('data', check);
        reject(new Error(`"${command}" did not finish within ${timeoutMs} ms:\n${this.out.slice(startOut)}\n${this.err.slice(startErr)}`));
      }, timeoutMs);
      const check = () => {
        const m = pattern.exec(this.out.slice(startOut));
        if (!m) return;
        clearTimeout(timer);
        this.shell.stdout.off('data', check);
        const out = this.out.slice(startOut, startOut + m.index);
        resolve({ code: Number(m[1]), out, err: this.err.slice(startErr) });
      };
      this.shell.stdout.on('data', check);
      check();
    });
  }

  close(): void {
    this.shell.stdin.end();
    this.shell.kill('SIGKILL');
  }
}
