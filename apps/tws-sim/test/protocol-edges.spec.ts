import { connect, type Socket } from 'node:net';
import { EventName } from '@stoqey/ib';
import type { TwsSim } from '../src';
import { TestClient } from './support/ib-client';
import { REGULAR } from './support/scenario';
import { startSim } from './support/sim-fixture';

function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

describe('tws-sim protocol edges', () => {
  let sim: TwsSim;
  beforeAll(async () => {
    ({ sim } = await startSim(REGULAR, undefined, { pacingLimit: 50 }));
  });
  afterAll(async () => {
    await sim.close();
  });

  it('closes only the connection that sends a malformed frame', async () => {
    const good = new TestClient(sim.port, 1);
    await good.connect();
    const bad = await rawConnect(sim.port);
    const replies: Buffer[] = [];
    bad.on('data', (d: Buffer) => replies.push(d));
    const gone = closed(bad);
    bad.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await gone;
    expect(Buffer.concat(replies).toString()).toContain('Error reading request');
    const time = good.once(EventName.currentTime);
    good.api.reqCurrentTime();
    await time;
    good.assertClean();
    good.disconnect();
  });

  it('refuses a second connection with a client id in use (326)', async () => {
    const first = new TestClient(sim.port, 9);
    await first.connect();
    const second = new TestClient(sim.port, 9);
    const refused = second.once(EventName.info, (_m: unknown, code: unknown) => code === 326);
    second.api.connect(9);
    await refused;
    expect(sim.connectedClientIds().filter((id) => id === 9)).toHaveLength(1);
    first.disconnect();
    second.disconnect();
  });

  it('answers error 100 past 50 messages per second', async () => {
    const client = new TestClient(sim.port, 3);
    await client.connect();
    for (let i = 0; i < 60; i++) client.api.reqCurrentTime();
    const pacing = await client.waitForInfo(100);
    expect(pacing.message).toContain('Max rate of messages per second');
    client.disconnect();
  });

  it('a pacing violation lowers the limit for connected clients until it is restored', async () => {
    const client = new TestClient(sim.port, 4);
    await client.connect();
    sim.faults.pacingViolation(5);
    try {
      for (let i = 0; i < 10; i++) client.api.reqCurrentTime();
      const pacing = await client.waitForInfo(100);
      expect(pacing.message).toContain('Max rate of messages per second');
    } finally {
      sim.faults.pacingRestored();
    }
    expect(sim.context.faults.pacingLimit).toBeUndefined();
    // Restored: 10 messages in a second are well within the configured 50 again.
    const violations = client.infos.filter((i) => i.code === 100).length;
    let answered = 0;
    const allAnswered = client.once(EventName.currentTime, () => ++answered === 10);
    for (let i = 0; i < 10; i++) client.api.reqCurrentTime();
    await allAnswered;
    expect(client.infos.filter((i) => i.code === 100)).toHaveLength(violations);
    client.disconnect();
  });
});
