// `npm start`: installs dependencies if missing, builds, makes NATS available, starts the TWS
// simulator and every service as its own process with prefixed log lines, prints what runs where,
// and stops everything on Ctrl-C (or SIGTERM) with no process left behind.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './lib/ensure-deps.mjs';
import { ensureNatsServer, freePortFrom } from './lib/ensure-nats.mjs';
import { run } from './lib/run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children = [];
let stopping = false;

const COLORS = [36, 33, 35, 32, 34, 31, 96];
function prefixed(name, index, stream, onLine) {
  let buffer = '';
  const tag = process.stdout.isTTY ? `\x1b[${COLORS[index % COLORS.length]}m${name.padEnd(16)}\x1b[0m│ ` : `${name.padEnd(16)}│ `;
  stream.on('data', (chunk) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      process.stdout.write(tag + line + '\n');
      onLine?.(line);
    }
  });
}

function startProcess(name, script, args, env, readyPattern) {
  const index = children.length;
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = { name, child };
  children.push(entry);
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within 20 s`)), 20_000);
    const onLine = (line) => {
      if (readyPattern.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    };
    prefixed(name, index, child.stdout, onLine);
    prefixed(name, index, child.stderr, onLine);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!stopping) {
        reject(new Error(`${name} exited (${code ?? signal})`));
        console.error(`[start] ${name} exited (${code ?? signal}); stopping everything`);
        void stopAll(1);
      }
    });
  });
  return ready;
}

async function stopAll(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping…');
  const exits = children
    .filter(({ child }) => child.exitCode === null && child.signalCode === null)
    .map(({ child }) => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }));
  await Promise.all(exits);
  console.log('[start] everything stopped');
  process.exit(exitCode);
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));
  await ensureDeps(root);
  await run(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: root });
  const require = createRequire(import.meta.url);
  const { natsDevPasswordEnv, natsDevPassword } = require(join(root, 'packages/contracts/dist/index.js'));
  const passwords = natsDevPasswordEnv(process.env);
  const nats = await ensureNatsServer(root, passwords);
  if (nats.process) children.push({ name: 'nats-server', child: nats.process });

  const simPort = Number(process.env.TWS_PORT ?? (await freePortFrom(7497)));
  const simControlPort = Number(process.env.TWS_SIM_CONTROL_PORT ?? (await freePortFrom(7498 === simPort ? 7499 : 7498)));
  const httpPort = Number(process.env.HTTP_PORT ?? (await freePortFrom(8080)));
  const useSim = process.env.ARCTRIGGER_USE_SIM !== 'false';
  const ready = [];
  if (useSim) {
    ready.push(
      startProcess('tws-sim', join(root, 'apps/tws-sim/dist/main.js'), ['--port', String(simPort), '--control-port', String(simControlPort)], {}, /"msg":"tws-sim ready"/),
    );
    await ready[0];
  }
  const natsEnv = (user) => ({ NATS_URL: nats.url, NATS_USER: user, NATS_PASSWORD: passwords[`ARCTRIGGER_NATS_PASSWORD_${user.replace(/-/g, '_').toUpperCase()}`] ?? natsDevPassword(user) });
  const services = [
    ['gateway', { TWS_HOST: process.env.TWS_HOST ?? '127.0.0.1', TWS_PORT: String(simPort) }],
    ['risk-service', {}],
    ['trigger-service', {}],
    ['order-service', {}],
    ['console', { HTTP_PORT: String(httpPort) }],
  ];
  for (const [name, env] of services) {
    ready.push(startProcess(name, join(root, 'apps', name, 'dist/main.js'), [], { ...natsEnv(name), ...env }, new RegExp(`"msg":"${name} ready"`)));
  }
  await Promise.all(ready);
  console.log(
    [
      '',
      '┌─ ArcTrigger is running ───────────────────────────────────────────',
      `│ NATS            ${nats.url}${nats.process ? `  (project server, data in ${nats.dataDir})` : ''}`,
      useSim ? `│ TWS simulator   API 127.0.0.1:${simPort}   control http://127.0.0.1:${simControlPort}` : `│ TWS             ${process.env.TWS_HOST ?? '127.0.0.1'}:${simPort}`,
      `│ console         http://127.0.0.1:${httpPort}   (health: /v1/system/health)`,
      '│ services        gateway, risk-service, trigger-service, order-service, console',
      '└─ Ctrl-C stops everything ─────────────────────────────────────────',
      `[start] pids: ${children.map(({ name, child }) => `${name}=${child.pid}`).join(' ')}`,
      '[start] all services ready',
    ].join('\n'),
  );
}

main().catch(async (error) => {
  console.error(`[start] ${error.message}`);
  await stopAll(1);
});
