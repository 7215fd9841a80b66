// `npm start [-- --session regular|premarket|after-hours|now] [-- --cluster]`: installs dependencies if missing,
// builds, makes NATS available (one server, or with --cluster a 3-node JetStream cluster), starts the TWS simulator and every service as its own supervised
// process with prefixed log lines, prints what runs where, and stops everything on Ctrl-C (or
// SIGTERM): the services first, while the bus is still up, then the simulator and NATS.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseDemoClock, easternLabel, offsetLabel, SESSIONS } from './lib/demo-clock.mjs';
import { ensureDeps } from './lib/ensure-deps.mjs';
import { ensureNatsServer, freePortFrom, startNatsCluster } from './lib/ensure-nats.mjs';
import { run } from './lib/run.mjs';
import { Supervisor } from './lib/supervisor.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// A 3-node cluster on a busy machine takes a while to create its replicated streams: services get a minute to be ready.
const supervisor = new Supervisor({ readyTimeoutMs: Number(process.env.ARCTRIGGER_READY_TIMEOUT_MS ?? 60_000) });
let stopping = false;

/** The order services start in; they stop together, before the simulator and NATS. */
const SERVICES = ['gateway', 'risk-service', 'trigger-service', 'order-service', 'watchlist-service', 'auditor', 'console'];

/**
 * Risk limits for the simulator, so a newcomer can try 50 trades at once; a paper or live account
 * (ARCTRIGGER_USE_SIM=false) keeps the risk-service's conservative defaults. A variable set in the
 * environment wins over these.
 */
const SIMULATOR_RISK_LIMITS = {
  RISK_MAX_CONTRACTS_PER_ORDER: '200',
  RISK_MAX_NOTIONAL_PER_ORDER: '25000',
  RISK_MAX_NOTIONAL_PER_UNDERLYING: '250000',
  RISK_MAX_NOTIONAL_PER_DAY: '1000000',
  RISK_MAX_OPEN_POSITIONS: '100',
  RISK_MAX_ORDERS_PER_MINUTE: '300',
  RISK_DAILY_REALIZED_LOSS_LIMIT: '50000',
  RISK_DAILY_TOTAL_LOSS_LIMIT: '75000',
};

function usage(message) {
  if (message) console.error(`[start] ${message}`);
  console.error(
    [
      'usage: npm start [-- --session regular|premarket|after-hours|now] [-- --cluster]',
      '  --session  the market session the simulated system runs in (default: regular).',
      '             Outside that session the whole system (simulator and services) runs at its next',
      '             start on the simulated clock — 09:45 ET for regular — so trades fill at any hour.',
      '             `now` runs on the wall clock. Also ARCTRIGGER_SESSION. Only with the simulator.',
      '  --cluster  a 3-node JetStream cluster (deploy/nats/cluster.conf) instead of one nats-server;',
      '             every stream and KV bucket keeps 3 replicas (NATS_REPLICAS=3). Also ARCTRIGGER_NATS_CLUSTER=true.',
    ].join('\n'),
  );
  process.exit(message ? 64 : 0);
}

function parseArgs(argv) {
  let session = process.env.ARCTRIGGER_SESSION;
  let cluster = process.env.ARCTRIGGER_NATS_CLUSTER === 'true';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--help' || flag === '-h') usage();
    if (flag === '--cluster') {
      cluster = true;
      continue;
    }
    if (flag !== '--session') usage(`unknown option ${argv[i]}`);
    session = inline ?? argv[++i];
    if (session === undefined) usage('--session needs a value');
  }
  if (session !== undefined && !SESSIONS.includes(session)) usage(`unknown session "${session}": expected ${SESSIONS.join(', ')}`);
  return { session, cluster };
}

async function stopAll(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  console.log('\n[start] stopping…');
  await supervisor.stopAll();
  console.log(`[start] everything stopped in ${Date.now() - started} ms`);
  process.exit(exitCode);
}

/** The simulated market clock: offset from the wall clock for every process, or none. */
function demoClock(session, useSim, dataDir, require) {
  const userOffset = process.env.ARCTRIGGER_CLOCK_OFFSET_MS;
  if (!useSim) {
    if (session && session !== 'now') usage('--session needs the simulator: a real TWS runs on the wall clock (drop --session, or unset ARCTRIGGER_USE_SIM=false)');
    return undefined;
  }
  // The two plain modules only: the package's index would load NestJS and OpenTelemetry.
  const { MarketCalendar } = require(join(root, 'packages/service-kit/dist/clock/market-calendar.js'));
  const { demoSessionStart } = require(join(root, 'packages/service-kit/dist/clock/demo-session.js'));
  return chooseDemoClock({
    session: session ?? 'regular',
    calendar: new MarketCalendar(),
    demoSessionStart,
    file: join(dataDir, 'clock.json'),
    baseOffsetMs: userOffset === undefined || userOffset === '' ? undefined : Number(userOffset),
  });
}

async function main() {
  const { session, cluster } = parseArgs(process.argv.slice(2));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));
  process.on('exit', () => supervisor.killAllNow());
  await ensureDeps(root);
  await run(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: root });
  const require = createRequire(import.meta.url);
  const { natsDevPasswordEnv, natsDevPassword } = require(join(root, 'packages/contracts/dist/index.js'));
  const useSim = process.env.ARCTRIGGER_USE_SIM !== 'false';
  const dataDir = process.env.ARCTRIGGER_DATA_DIR ?? join(root, '.data');
  const clock = demoClock(session, useSim, dataDir, require);
  const clockEnv = clock ? { ARCTRIGGER_CLOCK_OFFSET_MS: String(clock.offsetMs) } : {};

  const passwords = natsDevPasswordEnv(process.env);
  const nats = cluster ? await startNatsCluster(root, passwords) : await ensureNatsServer(root, passwords);
  if (nats.process) await supervisor.start('nats-server', { child: nats.process, command: nats.command, args: nats.args, env: nats.env, ready: /Server is ready/, tier: 0 });
  for (const node of nats.nodes ?? []) await supervisor.start(node.name, { child: node.process, command: node.command, args: node.args, env: node.env, ready: /Server is ready/, tier: 0 });
  const replicas = nats.nodes ? { NATS_REPLICAS: String(nats.nodes.length) } : {};

  const simPort = Number(process.env.TWS_PORT ?? (await freePortFrom(7497)));
  const simControlPort = Number(process.env.TWS_SIM_CONTROL_PORT ?? (await freePortFrom(7498 === simPort ? 7499 : 7498)));
  const httpPort = Number(process.env.HTTP_PORT ?? (await freePortFrom(8080)));
  if (useSim) {
    await supervisor.start('tws-sim', {
      args: [join(root, 'apps/tws-sim/dist/main.js'), '--port', String(simPort), '--control-port', String(simControlPort), ...(clock ? ['--clock-offset-ms', String(clock.offsetMs)] : [])],
      ready: /"msg":"tws-sim ready"/,
      tier: 0,
    });
  }
  const natsEnv = (user) => ({ ...replicas, NATS_URL: nats.url, NATS_USER: user, NATS_PASSWORD: passwords[`ARCTRIGGER_NATS_PASSWORD_${user.replace(/-/g, '_').toUpperCase()}`] ?? natsDevPassword(user) });
  const riskLimits = useSim ? Object.fromEntries(Object.entries(SIMULATOR_RISK_LIMITS).filter(([name]) => process.env[name] === undefined)) : {};
  // Each service's operations port (/metrics, /healthz, /readyz), from 9464 (Prometheus' exporter port) up.
  const metricsPorts = {};
  let nextMetricsPort = Number(process.env.METRICS_PORT_BASE ?? 9464);
  for (const name of SERVICES) {
    metricsPorts[name] = await freePortFrom(nextMetricsPort);
    nextMetricsPort = metricsPorts[name] + 1;
  }
  const extraEnv = {
    gateway: { TWS_HOST: process.env.TWS_HOST ?? '127.0.0.1', TWS_PORT: String(simPort) },
    'risk-service': riskLimits,
    console: { HTTP_PORT: String(httpPort) },
  };
  await Promise.all(
    SERVICES.map((name) =>
      supervisor.start(name, {
        args: [join(root, 'apps', name, 'dist/main.js')],
        env: { ...natsEnv(name), ...clockEnv, METRICS_PORT: String(metricsPorts[name]), ...(extraEnv[name] ?? {}) },
        ready: new RegExp(`"msg":"${name} ready"`),
      }),
    ),
  );
  const clockLine = clock
    ? `│ market clock    ${clock.session === 'now' ? 'wall clock' : `${clock.session} session`}, ${easternLabel(clock.at)}${clock.offsetMs === 0 ? '' : ` — simulated: wall clock ${offsetLabel(clock.offsetMs)}${clock.reused ? ' (continued from the last start)' : ''}`}`
    : '│ market clock    wall clock (real TWS)';
  console.log(
    [
      '',
      '┌─ ArcTrigger is running ───────────────────────────────────────────',
      clockLine,
      nats.nodes
        ? `│ NATS            3-node JetStream cluster ${nats.url}  (3 replicas, data in ${dirname(nats.nodes[0].dataDir)})`
        : `│ NATS            ${nats.url}${nats.process ? `  (project server, data in ${nats.dataDir})` : ''}`,
      useSim ? `│ TWS simulator   API 127.0.0.1:${simPort}   control http://127.0.0.1:${simControlPort}` : `│ TWS             ${process.env.TWS_HOST ?? '127.0.0.1'}:${simPort}`,
      `│ console         http://127.0.0.1:${httpPort}   (API docs /docs; health /v1/system/health, no token needed)`,
      `│ services        ${SERVICES.join(', ')} — supervised: one that crashes is restarted`,
      ...SERVICES.map((name, i) => `│ ${i === 0 ? 'metrics        ' : '               '} ${name.padEnd(18)} http://127.0.0.1:${metricsPorts[name]}/metrics   (/healthz, /readyz)`),
      useSim ? `│ risk limits     simulator defaults: ${riskLimits.RISK_MAX_OPEN_POSITIONS ?? 'env'} open positions, ${riskLimits.RISK_MAX_ORDERS_PER_MINUTE ?? 'env'} orders/min` : '│ risk limits     the risk-service defaults (conservative)',
      '└─ Ctrl-C stops everything ─────────────────────────────────────────',
      `[start] pids: ${supervisor.pids()}`,
      '[start] all services ready',
    ].join('\n'),
  );
}

main().catch(async (error) => {
  console.error(`[start] ${error.message}`);
  await stopAll(1);
});
