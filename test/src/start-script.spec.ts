import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import pino from 'pino';
import { natsDevPassword } from '@arctrigger/contracts';
import { Bus, listLiveServices } from '@arctrigger/service-kit';
import { freePort, repoRoot, waitForOutput } from '@arctrigger/testkit';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it('start script brings up NATS and every service healthy, and Ctrl-C leaves no process behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'arctrigger-start-'));
    const natsPort = await freePort();
    const child = spawn(process.execPath, [join(repoRoot(), 'scripts', 'start.mjs')], {
      env: {
        ...process.env,
        NATS_URL: '',
        ARCTRIGGER_NATS_PORT: String(natsPort),
        ARCTRIGGER_DATA_DIR: dataDir,
        TWS_PORT: String(await freePort()),
        TWS_SIM_CONTROL_PORT: String(await freePort()),
        HTTP_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const pidsLine = await waitForOutput(child, /\[start\] pids: [^\n]+/, 90_000, 'npm start');
      await waitForOutput(child, /all services ready/, 5_000, 'npm start').catch(() => undefined);
      const pids = [...pidsLine.matchAll(/([\w-]+)=(\d+)/g)].map((m) => ({ name: m[1]!, pid: Number(m[2]) }));
      expect(pids.map((p) => p.name).sort()).toEqual(
        ['console', 'gateway', 'nats-server', 'order-service', 'risk-service', 'trigger-service', 'tws-sim'].sort(),
      );

      const nc = await connect({ servers: `nats://127.0.0.1:${natsPort}`, user: 'admin', pass: natsDevPassword('admin') });
      const bus = new Bus(nc, { service: 'console', instanceId: 'start-test', logger: pino({ level: 'silent' }) });
      const live = await listLiveServices(bus, 1_000);
      expect(live.map((s) => s.service).sort()).toEqual(['console', 'gateway', 'order-service', 'risk-service', 'trigger-service']);
      await nc.close();

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(pids.filter((p) => alive(p.pid))).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
