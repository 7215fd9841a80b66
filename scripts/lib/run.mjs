// Runs a command with inherited output; rejects on a non-zero exit.
import { spawn } from 'node:child_process';

export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...options });
    let out = '';
    if (options.capture) {
      const onData = (chunk) => {
        out += chunk.toString();
        (options.echo ?? true) && process.stdout.write(chunk);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(out);
      else {
        const error = new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`);
        error.output = out;
        error.exitCode = code ?? 1;
        reject(error);
      }
    });
  });
}
