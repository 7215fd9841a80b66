import { jetstream } from '@nats-io/jetstream';
import { Contracts, type Alert } from '@arctrigger/contracts';
import { Bus, createLogger, encodeJson } from '@arctrigger/service-kit';
import { BusRecorder, startNatsServer, startServiceProcess, tradeEvent, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import { FakeWorld } from './fake-world';

/**
 * Replaying TRADES at start (issue 18): an event whose facts do not match its type sets that one
 * trade aside with an error naming the event — the others are rebuilt as usual.
 */
describe('order-service trade replay (real nats-server, real order-service process)', () => {
  let nats: TestNatsServer;
  let world: FakeWorld;
  let service: ServiceProcess | undefined;
  let console_: Bus;

  beforeAll(async () => {
    nats = await startNatsServer();
    world = await FakeWorld.start(nats);
    console_ = new Bus(await nats.connectAs('console'), { service: 'console', instanceId: 'test-console', logger: createLogger({ service: 'console', instanceId: 'x', level: 'silent' }) });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await world?.stop();
    await console_?.drain();
    await nats?.stop({ removeStore: true });
  });

  it('order-service replay sets aside the trade with an event whose facts do not match its type, names the event, and rebuilds the others', async () => {
    const admin = await nats.connectAs('admin');
    const js = jetstream(admin);
    const store = async (event: { tradeId: string; seq: number; [key: string]: unknown }) =>
      js.publish(`trade.evt.v1.${event.tradeId}`, encodeJson(event), { msgID: `${event.tradeId}:${event.seq}` });
    // The streams exist once a service has started; the first start has nothing to replay.
    service = await startServiceProcess({ app: 'order-service', env: nats.envFor('order-service'), readyPattern: /order-service ready/ });
    await service.stop();

    await store(tradeEvent('good-1', 1, 'ARMED'));
    await store(tradeEvent('bad', 1, 'ARMED'));
    // A `fired` carrying the facts of `accepted`: valid JSON, a valid envelope, the wrong facts.
    const fired: { tradeId: string; seq: number; [key: string]: unknown } = { ...tradeEvent('bad', 2, 'FIRED', 'ARMED') };
    await store({ ...fired, detail: { orderRef: 'bad.entry.1' } });
    await store(tradeEvent('bad', 3, 'SUBMITTING', 'FIRED'));
    await store(tradeEvent('good-2', 1, 'ARMED'));
    await store(tradeEvent('good-1', 2, 'CANCELLED', 'ARMED'));
    const alerts = await BusRecorder.start(admin, 'sys.alert.v1.>');

    service = await startServiceProcess({ app: 'order-service', env: nats.envFor('order-service'), readyPattern: /order-service ready/ });

    const good1 = await console_.request(Contracts.GetTrade, { tradeId: 'good-1' });
    const good2 = await console_.request(Contracts.GetTrade, { tradeId: 'good-2' });
    const bad = await console_.request(Contracts.GetTrade, { tradeId: 'bad' });
    const rearm = await console_.request(Contracts.ArmTrade, { tradeId: 'bad', symbol: 'AAPL', right: 'CALL', expiry: '20300118', strike: 200, trigger: { price: 190.5 }, size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 } });
    const listed = await console_.request(Contracts.ListTrades, {});
    const listedWithFinished = await console_.request(Contracts.ListTrades, { states: ['ARMED', 'CANCELLED'] });
    const alert = (await alerts.waitFor((m) => (m.json as Alert).code === 'TRADE_HISTORY_INVALID')).json as Alert;
    alerts.stop();
    await admin.close();

    expect(good1).toMatchObject({ ok: true, value: { trade: { state: 'CANCELLED', revision: 2 } } });
    expect(good2).toMatchObject({ ok: true, value: { trade: { state: 'ARMED', revision: 1 } } });
    expect(bad).toMatchObject({ ok: false, code: 'TRADE_HISTORY_INVALID' });
    expect(!bad.ok && bad.message).toMatch(/stored event bad:2 \('fired', TRADES seq \d+\) does not match its contract \(detail\.\w+/);
    expect(rearm).toMatchObject({ ok: false, code: 'TRADE_HISTORY_INVALID' });
    // good-1 finished before today (its events are from 2023): out of the working set, listed when finished states are asked for.
    expect(listed.ok && listed.value.trades.map((t) => t.tradeId).sort()).toEqual(['good-2']);
    expect(listedWithFinished.ok && listedWithFinished.value.trades.map((t) => t.tradeId).sort()).toEqual(['good-1', 'good-2']);
    expect(alert).toMatchObject({ severity: 'critical', facts: { tradeId: 'bad', eventId: 'bad:2', eventType: 'fired' } });
  }, 60_000);
});
