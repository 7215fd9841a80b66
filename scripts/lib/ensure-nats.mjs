// Makes a nats-server binary available, and (for `npm start`) a running server:
//   1. NATS_URL set and reachable → use it;
//   2. else start nats-server with deploy/nats/nats.conf and a data directory under .data/;
//   3. no binary → install Debian's nats-server where apt is usable (root or passwordless sudo);
//   4. else explain exactly how to install it.
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { run } from './run.mjs';

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function findNatsServer() {
  const candidates = [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server', which('nats-server')];
  return candidates.find((p) => p && existsSync(p));
}

export async function ensureNatsBinary() {
  const found = findNatsServer();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && which('sudo') ? ['sudo', '-n'] : [];
  if (which('apt-get') && (isRoot || sudo.length)) {
    console.log('[setup] nats-server not found: installing Debian package nats-server…');
    const apt = async (...args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args]) : run('apt-get', args));
    try {
      await apt('update', '-qq');
      await run(sudo.length ? 'sudo' : 'apt-get', [...(sudo.length ? ['-n', 'apt-get'] : []), 'install', '-y', '-qq', '--reinstall', 'nats-server'], {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (error) {
      console.error(`[setup] apt-get could not install nats-server: ${error.message}`);
    }
    const installed = findNatsServer();
    if (installed) return installed;
  }
  throw new Error(
    [
      'nats-server is required but was not found, and it could not be installed automatically.',
      'Install it, then run the command again:',
      '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y nats-server',
      '  macOS:          brew install nats-server',
      '  other:          https://docs.nats.io/running-a-nats-service/introduction/installation',
      'or set NATS_SERVER_BIN=/path/to/nats-server, or NATS_URL to a running server with the users of deploy/nats/nats.conf.',
    ].join('\n'),
  );
}

export function portOpen(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function freePortFrom(start) {
  for (let port = start; port < start + 100; port++) if (!(await portOpen('127.0.0.1', port, 200))) return port;
  throw new Error(`no free port in ${start}..${start + 99}`);
}

/**
 * Returns { url, process? }. Starts a project nats-server when NATS_URL is not set or not reachable.
 */
export async function ensureNatsServer(root, passwordsEnv) {
  if (process.env.NATS_URL) {
    const u = new URL(process.env.NATS_URL.replace(/^nats:/, 'http:'));
    if (await portOpen(u.hostname, Number(u.port || 4222))) {
      console.log(`[nats] using NATS_URL=${process.env.NATS_URL}`);
      return { url: process.env.NATS_URL };
    }
    console.log(`[nats] NATS_URL=${process.env.NATS_URL} is not reachable; starting a project server instead`);
  }
  const binary = await ensureNatsBinary();
  const port = await freePortFrom(Number(process.env.ARCTRIGGER_NATS_PORT ?? 4222));
  const dataDir = process.env.ARCTRIGGER_DATA_DIR ? join(process.env.ARCTRIGGER_DATA_DIR, 'nats') : join(root, '.data', 'nats');
  mkdirSync(dataDir, { recursive: true });
  const args = ['-c', join(root, 'deploy/nats/nats.conf'), '-a', '127.0.0.1', '-p', String(port), '-sd', dataDir];
  const child = await spawnNats(binary, args, passwordsEnv);
  return { url: `nats://127.0.0.1:${port}`, process: child, port, dataDir, command: binary, args, env: passwordsEnv };
}

/** Starts one nats-server in its own process group and resolves once it says it is ready. */
async function spawnNats(binary, args, passwordsEnv) {
  const child = spawn(binary, args, {
    env: { ...process.env, ...passwordsEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C stops the services first, then the bus (npm start stops it).
    detached: true,
  });
  await new Promise((resolve, reject) => {
    let out = '';
    const onData = (c) => {
      out += c.toString();
      child.startupOutput = out;
      if (out.includes('Server is ready')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`nats-server exited with ${code}:\n${out}`)));
  });
  return child;
}

/**
 * `npm start -- --cluster`: a 3-node JetStream cluster (deploy/nats/cluster.conf) on free client
 * ports from 4222 and cluster ports from 6222, data under .data/nats-cluster/<node>. Services get
 * every node's URL and NATS_REPLICAS=3. Returns { url, nodes: [{ name, process, command, args, env, dataDir }] }.
 */
export async function startNatsCluster(root, passwordsEnv, size = 3) {
  const binary = await ensureNatsBinary();
  const base = process.env.ARCTRIGGER_DATA_DIR ?? join(root, '.data');
  const clients = [];
  const routes = [];
  for (let i = 0; i < size; i++) {
    clients.push(await freePortFrom((clients.at(-1) ?? Number(process.env.ARCTRIGGER_NATS_PORT ?? 4222) - 1) + 1));
    routes.push(await freePortFrom((routes.at(-1) ?? 6221) + 1));
  }
  const routeList = routes.map((p) => `nats://127.0.0.1:${p}`).join(',');
  const nodes = await Promise.all(
    clients.map(async (port, i) => {
      const name = `arctrigger-${i + 1}`;
      const dataDir = join(base, 'nats-cluster', name);
      mkdirSync(dataDir, { recursive: true });
      const args = ['-c', join(root, 'deploy/nats/cluster.conf'), '-n', name, '-a', '127.0.0.1', '-p', String(port), '-sd', dataDir, '--cluster', `nats://127.0.0.1:${routes[i]}`, '--routes', routeList];
      return { name, port, dataDir, command: binary, args, env: passwordsEnv, process: await spawnNats(binary, args, passwordsEnv) };
    }),
  );
  // Streams can be created once the cluster has elected its JetStream meta leader.
  await new Promise((resolve, reject) => {
    const elected = () => nodes.some((n) => /new metadata leader/.test(n.process.startupOutput ?? ''));
    if (elected()) return resolve();
    const timer = setTimeout(() => reject(new Error('the nats cluster elected no JetStream meta leader within 30 s')), 30_000);
    for (const n of nodes) {
      const check = () => {
        if (!elected()) return;
        clearTimeout(timer);
        for (const m of nodes) m.process.stdout.off('data', check), m.process.stderr.off('data', check);
        resolve();
      };
      n.process.stdout.on('data', check);
      n.process.stderr.on('data', check);
    }
  });
  return { url: clients.map((p) => `nats://127.0.0.1:${p}`).join(','), nodes };
}
