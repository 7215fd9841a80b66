import { jetstreamManager } from '@nats-io/jetstream';
import { Streams } from '@arctrigger/contracts';
import { AlertPublisher } from '../src/alerts/alert-publisher';
import { ManualClock } from '../src/clock/manual-clock';
import { BusFixture } from './bus-fixture';

describe('alert publisher', () => {
  let fx: BusFixture;
  beforeAll(async () => (fx = await BusFixture.start()));
  afterAll(async () => fx.stop());

  const stored = async () => {
    const jsm = await jetstreamManager(await fx.connect('admin'));
    return (await jsm.streams.info(Streams.ALERTS.name)).state.messages;
  };

  it('alert publisher stores one alert per dedup key per window, from any instance', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 4, 15, 0, 0));
    const gateway = new AlertPublisher(await fx.bus('gateway'), clock, 'gateway-1', 60_000);
    const risk = new AlertPublisher(await fx.bus('risk-service'), clock, 'risk-1', 60_000);
    const before = await stored();

    const first = await gateway.raise({ code: 'TWS_DISCONNECTED', message: 'TWS is away', dedupKey: 'tws', facts: { seconds: 30 } });
    await gateway.raise({ code: 'TWS_DISCONNECTED', message: 'TWS is away', dedupKey: 'tws' });
    await risk.raise({ code: 'TWS_DISCONNECTED', message: 'TWS is away', dedupKey: 'tws' });
    expect(await stored()).toBe(before + 1);

    await gateway.raise({ code: 'TWS_DISCONNECTED', message: 'TWS is back', dedupKey: 'tws', active: false });
    clock.advance(60_000);
    await gateway.raise({ code: 'TWS_DISCONNECTED', message: 'TWS is away', dedupKey: 'tws' });
    expect(await stored()).toBe(before + 3);
    expect(first).toMatchObject({ code: 'TWS_DISCONNECTED', severity: 'warning', source: 'gateway-1', active: true, facts: { seconds: 30 } });
  });

  it('alert publisher refuses a malformed alert without throwing', async () => {
    const publisher = new AlertPublisher(await fx.bus('gateway'), new ManualClock(0), 'gateway-1');
    const before = await stored();
    expect(await publisher.raise({ code: 'not a code' as never, message: 'x' })).toBeUndefined();
    expect(await stored()).toBe(before);
  });
});
