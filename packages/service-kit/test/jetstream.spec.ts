import { z } from 'zod';
import { Contracts, KvBuckets, type DeadLetter, type TradeEvent } from '@arctrigger/contracts';
import { BusRecorder, tradeEvent as buildTradeEvent } from '@arctrigger/testkit';
import { TypedKv } from '../src/jetstream/typed-kv';
import { consumeDurable } from '../src/jetstream/durable-consumer';
import { encodeJson } from '../src/bus/json-codec';
import { BusFixture } from './bus-fixture';

/** A valid stored trade event (the contract's facts of `armed`), numbered `seq`. */
const tradeEvent = (seq: number, tradeId = 't1'): TradeEvent => buildTradeEvent(tradeId, seq, 'ARMED');

describe('jetstream', () => {
  let fx: BusFixture;
  beforeAll(async () => (fx = await BusFixture.start()));
  afterAll(async () => fx.stop());

  it('typed kv refuses a stale compare-and-set and keeps the winner', async () => {
    const risk = await fx.bus('risk-service');
    const kv = await TypedKv.open(risk.nc, KvBuckets.RISK, z.object({ n: z.number() }));
    const created = await kv.create('counter', { n: 1 });
    expect(created.ok).toBe(true);
    const rev = created.ok ? created.revision : -1;

    const first = await kv.update('counter', { n: 2 }, rev);
    const second = await kv.update('counter', { n: 3 }, rev);

    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, reason: 'conflict' });
    expect((await kv.get('counter'))?.value).toEqual({ n: 2 });
    expect(await kv.create('counter', { n: 9 })).toEqual({ ok: false, reason: 'conflict' });
  });

  it('typed kv refuses to write a value that violates its schema', async () => {
    const risk = await fx.bus('risk-service');
    const kv = await TypedKv.open(risk.nc, KvBuckets.RISK, z.object({ n: z.number().nonnegative() }));
    await expect(kv.put('bad', { n: -1 })).rejects.toThrow(/does not match its schema/);
    expect(await kv.get('bad')).toBeUndefined();
  });

  it('typed kv opened without write validation stores what it is given; the read still refuses it', async () => {
    const risk = await fx.bus('risk-service');
    const kv = await TypedKv.open(risk.nc, KvBuckets.RISK, z.object({ n: z.number().nonnegative() }), { validateWrites: false });
    await kv.put('unchecked-good', { n: 4 });
    await kv.put('unchecked-bad', { n: -1 });
    expect((await kv.get('unchecked-good'))?.value).toEqual({ n: 4 });
    await expect(kv.get('unchecked-bad')).rejects.toThrow(/does not match its schema/);
  });

  it('typed kv watch delivers the existing values, then later writes and deletes, and skips invalid entries', async () => {
    const trigger = await fx.bus('trigger-service');
    const kv = await TypedKv.open(trigger.nc, KvBuckets.TRIGGER_LEASES, z.object({ owner: z.string() }));
    await kv.put('p1', { owner: 'a' });
    const changes: Array<{ key: string; owner: string | undefined }> = [];
    const invalid: string[] = [];
    let onChange: () => void = () => undefined;
    const watch = await kv.watch(
      (c) => {
        changes.push({ key: c.key, owner: c.value?.owner });
        onChange();
      },
      { onInvalid: (key) => invalid.push(key) },
    );
    await watch.loaded;
    expect(changes).toEqual([{ key: 'p1', owner: 'a' }]);

    const twoMore = new Promise<void>((resolve) => (onChange = () => changes.length === 3 && resolve()));
    await kv.kv.put('p2', new TextEncoder().encode('{"owner":5}'));
    await kv.put('p3', { owner: 'b' });
    await kv.delete('p1');
    await twoMore;
    watch.stop();

    expect(changes.slice(1)).toEqual([{ key: 'p3', owner: 'b' }, { key: 'p1', owner: undefined }]);
    expect(invalid).toEqual(['p2']);
  });

  it('typed kv watch of a one-value-per-key bucket starts from each key\'s latest value only, deletes included', async () => {
    const trigger = await fx.bus('trigger-service');
    const kv = await TypedKv.open(trigger.nc, KvBuckets.TRIGGERS, z.object({ v: z.number() }));
    await kv.put('k1', { v: 1 });
    await kv.put('k1', { v: 2 });
    await kv.put('k2', { v: 3 });
    await kv.delete('k2');
    const seen: Array<[string, number | undefined]> = [];
    const watch = await kv.watch((c) => seen.push([c.key, c.value?.v]));
    await watch.loaded;
    watch.stop();
    expect(seen).toEqual([['k1', 2], ['k2', undefined]]);
  });

  it('durable publish with the same Nats-Msg-Id is stored once', async () => {
    const orders = await fx.bus('order-service');
    const a = await orders.publishDurable(Contracts.TradeEvent, tradeEvent(1, 'dup'), { params: { tradeId: 'dup' }, msgId: 'dup:1' });
    const b = await orders.publishDurable(Contracts.TradeEvent, tradeEvent(1, 'dup'), { params: { tradeId: 'dup' }, msgId: 'dup:1' });
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(true);
    expect(b.seq).toBe(a.seq);
  });

  it('durable consumer delivers in order, redelivers a failed message, and parks it after max deliveries', async () => {
    const orders = await fx.bus('order-service');
    const risk = await fx.bus('risk-service');
    const admin = await fx.connect('admin');
    const dlq = await BusRecorder.start(admin, 'dlq.v1.risk-service');
    await admin.flush();
    for (const seq of [1, 2, 3]) {
      await orders.publishDurable(Contracts.TradeEvent, tradeEvent(seq, 'c1'), { params: { tradeId: 'c1' }, msgId: `c1:${seq}` });
    }
    const seen: Array<{ seq: number; delivery: number }> = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const consumer = await consumeDurable(
      risk,
      { contract: Contracts.TradeEvent, stream: 'TRADES', durable: 'risk-test', filterSubject: 'trade.evt.v1.c1', maxDeliver: 3, ackWaitMs: 5_000 },
      (event, ctx) => {
        seen.push({ seq: event.seq, delivery: ctx.deliveryCount });
        if (event.seq === 2) throw new Error('poison');
        if (event.seq === 3) done();
      },
    );
    await finished;
    const letter = (await dlq.waitFor(() => true)).json as DeadLetter;
    await consumer.stop();

    expect(seen.filter((s) => s.seq === 2).map((s) => s.delivery)).toEqual([1, 2, 3]);
    expect(seen.filter((s) => s.seq === 1)).toHaveLength(1);
    expect(letter).toMatchObject({ reason: 'redelivery-exhausted', message: 'poison', subject: 'trade.evt.v1.c1' });
    dlq.stop();
  });

  it('durable consumer parks an invalid stored event without calling the handler', async () => {
    const admin = await fx.connect('admin');
    const risk = await fx.bus('risk-service');
    const dlq = await BusRecorder.start(admin, 'dlq.v1.risk-service');
    await admin.flush();
    const { jetstream } = await import('@nats-io/jetstream');
    await jetstream(admin).publish('trade.evt.v1.bad1', encodeJson({ tradeId: 'bad1', seq: -1 }));
    const handler = jest.fn();
    const consumer = await consumeDurable(
      risk,
      { contract: Contracts.TradeEvent, stream: 'TRADES', durable: 'risk-test-invalid', filterSubject: 'trade.evt.v1.bad1' },
      handler,
    );
    const letter = (await dlq.waitFor((m) => (m.json as DeadLetter).subject === 'trade.evt.v1.bad1')).json as DeadLetter;
    await consumer.stop();
    expect(letter.reason).toBe('invalid-payload');
    expect(handler).not.toHaveBeenCalled();
    dlq.stop();
  });

  it('durable consumer: a message its instance held when it died is delivered to the next one within the ack wait', async () => {
    const orders = await fx.bus('order-service');
    await orders.publishDurable(Contracts.TradeEvent, tradeEvent(1, 'crash1'), { params: { tradeId: 'crash1' }, msgId: 'crash1:1' });
    const options = { contract: Contracts.TradeEvent, stream: 'TRADES', durable: 'risk-test-crash', filterSubject: 'trade.evt.v1.crash1', ackWaitMs: 1_000 };
    const dying = await fx.bus('risk-service');
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await consumeDurable(dying, options, () => {
      held();
      return released; // not done when the instance dies (its ack goes nowhere afterwards)
    });
    await holding;
    await dying.nc.close();
    const diedAt = Date.now();

    const next = await fx.bus('risk-service');
    let redelivered!: (delivery: number) => void;
    const delivery = new Promise<number>((r) => (redelivered = r));
    const consumer = await consumeDurable(next, options, (_event, ctx) => redelivered(ctx.deliveryCount));
    expect(await delivery).toBe(2);
    expect(Date.now() - diedAt).toBeLessThan(5_000);
    await consumer.stop();
    release();
  });

  it('durable consumer: a handler working longer than the ack wait keeps its message (no redelivery meanwhile)', async () => {
    const orders = await fx.bus('order-service');
    const risk = await fx.bus('risk-service');
    await orders.publishDurable(Contracts.TradeEvent, tradeEvent(1, 'slow1'), { params: { tradeId: 'slow1' }, msgId: 'slow1:1' });
    await orders.publishDurable(Contracts.TradeEvent, tradeEvent(2, 'slow1'), { params: { tradeId: 'slow1' }, msgId: 'slow1:2' });
    const seen: Array<{ seq: number; delivery: number }> = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const consumer = await consumeDurable(
      risk,
      { contract: Contracts.TradeEvent, stream: 'TRADES', durable: 'risk-test-slow', filterSubject: 'trade.evt.v1.slow1', ackWaitMs: 600 },
      async (event, ctx) => {
        seen.push({ seq: event.seq, delivery: ctx.deliveryCount });
        // The work itself takes three ack waits (a placement waiting on the broker, say).
        if (event.seq === 1 && ctx.deliveryCount === 1) await new Promise((r) => setTimeout(r, 1_800));
        if (event.seq === 2) done();
      },
    );
    await finished;
    await consumer.stop();
    expect(seen.filter((s) => s.seq === 1)).toEqual([{ seq: 1, delivery: 1 }]);
  });

  it('durable consumer: a durable that exists with another ack wait is updated to the one asked for', async () => {
    const risk = await fx.bus('risk-service');
    const admin = await fx.connect('admin');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const jsm = await jetstreamManager(admin);
    const options = { contract: Contracts.TradeEvent, stream: 'TRADES', durable: 'risk-test-ackwait', filterSubject: 'trade.evt.v1.ackwait' };
    await (await consumeDurable(risk, options, () => undefined)).stop();
    expect((await jsm.consumers.info('TRADES', 'risk-test-ackwait')).config.ack_wait).toBe(30_000 * 1_000_000);
    await (await consumeDurable(risk, { ...options, ackWaitMs: 5_000 }, () => undefined)).stop();
    expect((await jsm.consumers.info('TRADES', 'risk-test-ackwait')).config.ack_wait).toBe(5_000 * 1_000_000);
  });
});
