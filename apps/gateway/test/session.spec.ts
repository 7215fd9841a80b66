import { EventName, IBApi } from '@stoqey/ib';
import { createServer } from 'node:net';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams, type ConnectionState } from '@arctrigger/contracts';
import { ensureStreams } from '@arctrigger/service-kit';
import { BusRecorder, startNatsServer, startServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import { TickFirehose } from '../src/bench/tick-firehose';
import { GatewayHarness } from './support/gateway-harness';

describe('gateway session guards (gateway process)', () => {
  it('gateway moves to the next client id when TWS answers 326', async () => {
    let squatter: IBApi | undefined;
    const h = await GatewayHarness.start({
      clientId: 7,
      beforeGateway: async (sim) => {
        const other = new IBApi({ host: '127.0.0.1', port: sim.port });
        squatter = other;
        await new Promise<void>((resolve) => {
          other.once(EventName.nextValidId, () => resolve());
          other.connect(7);
        });
      },
    });
    try {
      const connected = h.conn.messages.map((m) => m.json as ConnectionState).find((s) => s.status === 'connected');
      expect(connected).toMatchObject({ clientId: 8, account: 'DU1234567', serverVersion: 193, firingAllowed: true });
      expect(h.sim.connectedClientIds().sort()).toEqual([7, 8]);
    } finally {
      squatter?.disconnect();
      await h.stop();
    }
  }, 60_000);

  it('gateway drops a connection that never completes the handshake and tries again', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const nats = await startNatsServer();
    const admin = await nats.connectAs('admin');
    await ensureStreams(admin, Object.values(Streams));
    const conn = await BusRecorder.start(admin, 'gw.conn.v1');
    const gateway = await startServiceProcess({
      app: 'gateway',
      env: { ...nats.envFor('gateway'), TWS_PORT: String((silent.address() as { port: number }).port), TWS_CONNECT_TIMEOUT_MS: '500', RECONNECT_INITIAL_MS: '50' },
    });
    try {
      const dropped = await conn.waitFor((m) => (m.json as ConnectionState).reason.includes('did not complete the handshake'));
      await conn.waitFor((m) => (m.json as ConnectionState).reason === 'connecting (attempt 2)');
      expect(dropped.json).toMatchObject({ status: 'disconnected', firingAllowed: false });
    } finally {
      await gateway.stop();
      await admin.close();
      silent.close();
      await nats.stop({ removeStore: true });
    }
  });

  describe('live-account guard', () => {
    let nats: TestNatsServer;
    let firehose: TickFirehose;
    let setup: NatsConnection;
    beforeAll(async () => {
      nats = await startNatsServer();
      setup = await nats.connectAs('admin');
      await ensureStreams(setup, Object.values(Streams));
      firehose = await TickFirehose.start('U7654321');
    });
    afterAll(async () => {
      await setup.close();
      await firehose.close();
      await nats.stop({ removeStore: true });
    });

    async function run(allowLive: boolean): Promise<ConnectionState[]> {
      const admin = await nats.connectAs('admin');
      const conn = await BusRecorder.start(admin, 'gw.conn.v1');
      const gateway = await startServiceProcess({
        app: 'gateway',
        env: { ...nats.envFor('gateway'), TWS_PORT: String(firehose.port), ARCTRIGGER_ALLOW_LIVE: String(allowLive), RECONNECT_INITIAL_MS: '50' },
      });
      try {
        const settled = (s: ConnectionState) => s.status === 'connected' || s.reason.includes('refusing live account');
        await conn.waitFor((m) => settled(m.json as ConnectionState));
        return conn.messages.map((m) => m.json as ConnectionState);
      } finally {
        await gateway.stop();
        await admin.close();
      }
    }

    it('gateway refuses a live (non-DU) account unless ARCTRIGGER_ALLOW_LIVE is true', async () => {
      const refused = await run(false);
      expect(refused.some((s) => s.status === 'connected')).toBe(false);
      expect(refused.at(-1)).toMatchObject({ status: 'disconnected', reason: expect.stringContaining('refusing live account U7654321'), firingAllowed: false });

      const allowed = await run(true);
      expect(allowed.at(-1)).toMatchObject({ status: 'connected', account: 'U7654321' });
    });
  });
});
