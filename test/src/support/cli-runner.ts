import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@arctrigger/testkit';

/** The built `arctrigger` CLI. */
export const cliPath = join(repoRoot(), 'packages', 'cli', 'dist', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as its own process against the console at `url`, with `token`, and collects its output. */
export function runCli(url: string, token: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? '', ARCTRIGGER_URL: url, ARCTRIGGER_TOKEN: token } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
