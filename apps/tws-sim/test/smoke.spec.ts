import { ManualClock } from '@arctrigger/service-kit';
import { EventName } from '@stoqey/ib';
import { startTwsSim, type TwsSim } from '../src';
import { TestClient, stock } from './support/ib-client';
import { REGULAR, testScenario } from './support/scenario';

describe('tws-sim smoke', () => {
  let sim: TwsSim;
  let client: TestClient;
  beforeAll(async () => {
    sim = await startTwsSim({ port: 0, scenario: testScenario(), seed: 7, clock: new ManualClock(REGULAR) });
    client = new TestClient(sim.port, 1);
  });
  afterAll(async () => {
    client.disconnect();
    await sim.close();
  });

  it('handshakes and streams stock ticks when subscribed', async () => {
    const id = await client.connect();
    expect(id).toBe(1);
    const tick = client.once<[number, number, number]>(EventName.tickPrice, (_t, type) => type === 1);
    client.api.reqMktData(11, stock('AAPL'), '', false, false);
    const [tickerId, , price] = await tick;
    expect(tickerId).toBe(11);
    expect(price).toBeGreaterThan(150);
    client.assertClean();
  });
});
