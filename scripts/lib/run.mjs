// Runs a command with inherited output; rejects on a non-zero exit. With `capture`, the output is
// also kept and echoed whole lines at a time (two commands running side by side never split each
// other's lines).
import { spawn } from 'node:child_process';

export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...options });
    let out = '';
    let echoed = 0;
    const echo = (all) => {
      if (!(options.echo ?? true)) return;
      const end = all ? out.length : out.lastIndexOf('\n') + 1;
      if (end > echoed) process.stdout.write(out.slice(echoed, end));
      echoed = Math.max(echoed, end);
    };
    if (options.capture) {
      const onData = (chunk) => {
        out += chunk.toString();
        echo(false);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    }
    child.on('error', reject);
    // The output's end arrives with 'close'; a process left running by the command (holding its
    // pipes open) must not hold us, so 'exit' plus a moment is enough.
    let finished = false;
    const finish = (code, signal) => {
      if (finished) return;
      finished = true;
      echo(true);
      if (code === 0) resolve(out);
      else {
        const error = new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`);
        error.output = out;
        error.exitCode = code ?? 1;
        reject(error);
      }
    };
    child.on('close', finish);
    child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), 2_000));
  });
}
