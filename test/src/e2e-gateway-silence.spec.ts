/**
 * A dead gateway is never shown as connected: real nats-server, tws-sim, and the gateway and the
 * console as real processes. The gateway re-announces its connection every heartbeat; killed with
 * kill -9 it says nothing more, and the console reports the connection `unknown` (with the age of
 * the last state) within three heartbeats. Stopped cleanly, its last word is `disconnected`.
 */
import { freePort } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';
import { flatStock } from './support/trade-driver';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const HEARTBEAT_MS = 500;

interface ConnectionBody {
  connection: { status: string; lastStatus?: string; ageMs: number; announceIntervalMs?: number; reason: string } | null;
}

describe('gateway silence seen from the console (real processes)', () => {
  let system: SystemHarness;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    system = await SystemHarness.start({
      services: ['gateway', 'console'],
      sim: { scenario: { tickIntervalMs: 100, stocks: [flatStock('AAPL', 2001, 100)] } },
      env: { console: { HTTP_PORT: String(port), ARCTRIGGER_ADMIN_TOKEN: ADMIN_TOKEN }, gateway: { HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS) } },
    });
  }, 60_000);
  afterAll(async () => system?.stop());

  const connection = async (): Promise<ConnectionBody['connection']> => {
    const res = await fetch(`${url}/v1/system/connection`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    return ((await res.json()) as ConnectionBody).connection;
  };

  /** Polls the console until `done`; returns the first answer that satisfies it and when it came. */
  const until = async (done: (c: ConnectionBody['connection']) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await connection();
      if (done(c)) return { c: c!, at: Date.now() };
      if (Date.now() > deadline) throw new Error(`console never reported the expected connection; last: ${JSON.stringify(c)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('console reports a gateway killed with kill -9 as unknown within three heartbeats, and connected again once it is back', async () => {
    const before = await until((c) => c?.status === 'connected');
    const killedAt = Date.now();
    await system.process('gateway').kill();
    const after = await until((c) => c?.status === 'unknown' || c?.status === 'disconnected');
    await system.startService('gateway');
    const back = await until((c) => c?.status === 'connected');

    expect(before.c.announceIntervalMs).toBe(HEARTBEAT_MS);
    expect(after.c).toMatchObject({ status: 'unknown', lastStatus: 'connected' });
    expect(after.c.ageMs).toBeGreaterThan(3 * HEARTBEAT_MS);
    // Unknown at three missed announcements after the last one heard (at most one heartbeat before
    // the kill); the rest is the console's timer and one poll.
    expect(after.at - killedAt).toBeLessThanOrEqual(3 * HEARTBEAT_MS + 250);
    expect(back.c.ageMs).toBeLessThanOrEqual(3 * HEARTBEAT_MS);
  });

  it('console reports a gateway stopped cleanly as disconnected at once', async () => {
    await until((c) => c?.status === 'connected');
    await system.process('gateway').stop();
    const after = await until((c) => c?.status !== 'connected');

    expect(after.c).toMatchObject({ status: 'disconnected', reason: 'gateway stopping' });
  });
});
