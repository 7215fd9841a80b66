import { HealthReporter, listLiveServices } from '../src/health/health-reporter';
import { ManualClock } from '../src/clock/manual-clock';
import { BusFixture } from './bus-fixture';

describe('health reporter (real nats-server)', () => {
  let fixture: BusFixture;
  beforeAll(async () => {
    fixture = await BusFixture.start();
  });
  afterAll(async () => fixture.stop());

  it('health reporter says when the instance became ready, and only once it did', async () => {
    const clock = new ManualClock(1_000);
    const reporter = new HealthReporter(await fixture.bus('trigger-service'), clock, { service: 'trigger-service', instanceId: 'trg-1', version: '1', heartbeatIntervalMs: 60_000 });
    reporter.start();
    const asker = await fixture.bus('console');

    const starting = (await listLiveServices(asker, 200)).find((s) => s.instanceId === 'trg-1');
    clock.advance(250);
    reporter.markReady();
    clock.advance(250);
    reporter.markReady();
    const ready = (await listLiveServices(asker, 200)).find((s) => s.instanceId === 'trg-1');
    reporter.stop();

    expect(starting).toMatchObject({ startedAt: 1_000 });
    expect(starting).not.toHaveProperty('readyAt');
    expect(ready).toMatchObject({ startedAt: 1_000, readyAt: 1_250, at: 1_500 });
    expect(reporter.isReady).toBe(true);
  });
});
