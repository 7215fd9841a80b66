import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { DurableConsumers, KvBuckets, Streams, TradingState } from '@arctrigger/contracts';
import { encodeJson } from '../src/bus/json-codec';
import { BusFixture } from './bus-fixture';

const TRADING_STATE = `KV_${KvBuckets.TRADING_STATE.name}`;

/** Least privilege on the JetStream API: the real server refuses what a service does not own. */
describe('jetstream permissions', () => {
  let fx: BusFixture;
  beforeAll(async () => {
    fx = await BusFixture.start();
    const risk = await fx.connect('risk-service');
    const state = await new Kvm(risk).create(KvBuckets.TRADING_STATE.name, { history: KvBuckets.TRADING_STATE.history });
    await state.put('current', encodeJson({ state: TradingState.ACTIVE, reason: 'test', changedBy: 'risk-service', at: 1 }));
    const orders = await fx.connect('order-service');
    const jsm = await jetstreamManager(orders);
    await jsm.consumers.add(DurableConsumers.ORDER_SERVICE_EXECUTIONS.stream, { durable_name: DurableConsumers.ORDER_SERVICE_EXECUTIONS.name, filter_subject: 'gw.exec.v1.>' });
    (await fx.connect('gateway')).publish('gw.exec.v1.t1', encodeJson({ any: 1 }));
  });
  afterAll(async () => fx.stop());

  const adminJsm = async () => jetstreamManager(await fx.connect('admin'));
  const stateRevisions = async () => (await (await adminJsm()).streams.info(TRADING_STATE)).state.messages;

  it('server refuses the order-service deleting the trading-state key through the KV', async () => {
    const before = await stateRevisions();
    const kv = await new Kvm(await fx.connect('order-service')).open(KvBuckets.TRADING_STATE.name);
    await expect(kv.delete('current')).rejects.toThrow(/permission/i);
    expect(await stateRevisions()).toBe(before);
  });

  it('server refuses the console deleting the trading-state record through the stream API', async () => {
    const jsm = await jetstreamManager(await fx.connect('console'));
    await expect(jsm.streams.deleteMessage(TRADING_STATE, 1)).rejects.toThrow(/permission/i);
    await expect(jsm.streams.purge(TRADING_STATE)).rejects.toThrow(/permission/i);
    const last = await (await adminJsm()).streams.getMessage(TRADING_STATE, { last_by_subj: '$KV.trading-state.current' });
    expect(last?.seq ?? 0).toBeGreaterThan(0);
  });

  it('server refuses the order-service, which owns TRADES, purging or deleting it', async () => {
    const jsm = await jetstreamManager(await fx.connect('order-service'));
    await expect(jsm.streams.purge(Streams.TRADES.name)).rejects.toThrow(/permission/i);
    await expect(jsm.streams.delete(Streams.TRADES.name)).rejects.toThrow(/permission/i);
    expect((await (await adminJsm()).streams.info(Streams.TRADES.name)).config.name).toBe('TRADES');
  });

  it("server refuses the risk-service deleting the order-service's durable consumer", async () => {
    const d = DurableConsumers.ORDER_SERVICE_EXECUTIONS;
    const jsm = await jetstreamManager(await fx.connect('risk-service'));
    await expect(jsm.consumers.delete(d.stream, d.name)).rejects.toThrow(/permission/i);
    const admin = await adminJsm();
    const info = await admin.consumers.info(d.stream, d.name);
    expect(info.num_pending).toBe(1);
  });

  it('server refuses the risk-service changing a stream it only reads', async () => {
    const risk = await jetstreamManager(await fx.connect('risk-service'));
    await expect(risk.streams.update(Streams.TRADES.name, { max_age: 1_000_000_000 })).rejects.toThrow(/permission/i);
    expect((await (await adminJsm()).streams.info(Streams.TRADES.name)).config.max_age).toBe(0);
  });

  it('the admin identity may delete the trading-state key', async () => {
    const kv = await new Kvm(await fx.connect('admin')).open(KvBuckets.TRADING_STATE.name);
    await kv.delete('current');
    expect((await kv.get('current'))?.operation).toBe('DEL');
  });
});
