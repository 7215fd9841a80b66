/**
 * publishUntilStored and TypedKv writes when an attempt is stored but its answer is lost (what a
 * stream leader killed between storing and acknowledging does): the retry must neither store the
 * message twice nor report our own write as someone else's. Real nats-server; the lost answer is
 * made by a client whose first publish stores the message for real and then throws a timeout.
 */
import { JetStreamApiError, jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { errors as natsErrors } from '@nats-io/transport-node';
import { z } from 'zod';
import { KvBuckets, Streams } from '@arctrigger/contracts';
import { tradeEvent } from '@arctrigger/testkit';
import { encodeJson } from '../src/bus/json-codec';
import { publishUntilStored } from '../src/jetstream/stored-publish';
import { TypedKv } from '../src/jetstream/typed-kv';
import { BusFixture } from './bus-fixture';

/** A client whose first `failures` publishes are stored but answered with a timeout. */
function answerLost(js: JetStreamClient, failures = 1): { js: JetStreamClient; calls: () => number } {
  let calls = 0;
  const lossy = new Proxy(js, {
    get(target, prop, receiver) {
      if (prop !== 'publish') return Reflect.get(target, prop, receiver) as unknown;
      return async (...args: Parameters<JetStreamClient['publish']>) => {
        calls++;
        const ack = await target.publish(...args);
        if (calls <= failures) throw new natsErrors.TimeoutError();
        return ack;
      };
    },
  });
  return { js: lossy, calls: () => calls };
}

describe('a write stored but not acknowledged', () => {
  let fx: BusFixture;
  beforeAll(async () => (fx = await BusFixture.start()));
  afterAll(async () => fx.stop());

  it('an append retried after a lost answer is stored once and resolves with the stored sequence', async () => {
    const nc = await fx.connect('order-service');
    const js = jetstream(nc);
    const subject = 'trade.evt.v1.sp1';
    const first = await js.publish(subject, encodeJson(tradeEvent('sp1', 1, 'ARMED')), { msgID: 'sp1:1', expect: { lastSubjectSequence: 0 } });
    const lossy = answerLost(js);

    const ack = await publishUntilStored(nc, lossy.js, subject, encodeJson(tradeEvent('sp1', 2, 'ARMED')), { msgID: 'sp1:2', stream: Streams.TRADES.name, expect: { lastSubjectSequence: first.seq } });

    expect(lossy.calls()).toBe(2);
    const last = await (await jetstreamManager(await fx.connect('admin'))).streams.getMessage(Streams.TRADES.name, { last_by_subj: subject });
    expect(ack.seq).toBe(last?.seq);
    expect(last?.header.get('Nats-Msg-Id')).toBe('sp1:2');
    const info = await (await jetstreamManager(await fx.connect('admin'))).streams.info(Streams.TRADES.name, { subjects_filter: subject });
    expect(info.state.subjects?.[subject]).toBe(2);
  });

  it('an append whose retry a cluster leader refuses for a wrong last sequence (its guard checked before duplicates) resolves with the copy stored first', async () => {
    // As the order-service, whose user may read TRADES' messages but not list streams.
    const nc = await fx.connect('order-service');
    const js = jetstream(nc);
    const subject = 'trade.evt.v1.sp3';
    const first = await js.publish(subject, encodeJson(tradeEvent('sp3', 1, 'ARMED')), { msgID: 'sp3:1', expect: { lastSubjectSequence: 0 } });
    let calls = 0;
    const leaderLike = new Proxy(js, {
      get(target, prop, receiver) {
        if (prop !== 'publish') return Reflect.get(target, prop, receiver) as unknown;
        return async (...args: Parameters<JetStreamClient['publish']>) => {
          calls++;
          if (calls === 1) {
            await target.publish(...args);
            throw new natsErrors.TimeoutError();
          }
          throw new JetStreamApiError({ code: 400, err_code: 10071, description: `wrong last sequence: ${first.seq + 1}` });
        };
      },
    });

    const ack = await publishUntilStored(nc, leaderLike, subject, encodeJson(tradeEvent('sp3', 2, 'ARMED')), { msgID: 'sp3:2', stream: Streams.TRADES.name, expect: { lastSubjectSequence: first.seq } });

    expect(calls).toBe(2);
    const last = await (await jetstreamManager(await fx.connect('admin'))).streams.getMessage(Streams.TRADES.name, { last_by_subj: subject });
    expect(ack).toEqual({ stream: Streams.TRADES.name, seq: last?.seq, duplicate: true });
    expect(last?.header.get('Nats-Msg-Id')).toBe('sp3:2');
  });

  it('an append whose subject moved on under someone else is still refused', async () => {
    const nc = await fx.connect('order-service');
    const js = jetstream(nc);
    const subject = 'trade.evt.v1.sp2';
    await js.publish(subject, encodeJson(tradeEvent('sp2', 1, 'ARMED')), { msgID: 'sp2:1', expect: { lastSubjectSequence: 0 } });
    // Expects "nothing stored yet": wrong, and no lost answer makes it ours.
    await expect(publishUntilStored(nc, js, subject, encodeJson(tradeEvent('sp2', 1, 'ARMED')), { msgID: 'sp2:1b', stream: Streams.TRADES.name, expect: { lastSubjectSequence: 0 } })).rejects.toThrow(/wrong last sequence/i);
  });

  it('a KV compare-and-set retried after a lost answer reports success at the stored revision, not a conflict', async () => {
    const nc = await fx.connect('risk-service');
    // One server retries nothing by default: asked to, as a cluster's buckets do.
    const kv = await TypedKv.open(nc, KvBuckets.RISK, z.object({ n: z.number() }), { retryTransientMs: 10_000 });
    const created = await kv.create('sp-cas', { n: 1 });
    if (!created.ok) throw new Error('create conflicted');
    // The bucket's client, made lossy: its next write is stored but its answer lost.
    const bucket = kv.kv as unknown as { js: JetStreamClient };
    const lossy = answerLost(bucket.js);
    bucket.js = lossy.js;

    const updated = await kv.update('sp-cas', { n: 2 }, created.revision);

    expect(lossy.calls()).toBe(2);
    const stored = await kv.get('sp-cas');
    expect(updated).toEqual({ ok: true, revision: stored?.revision });
    expect(stored?.value).toEqual({ n: 2 });
    // Someone else's write is still a conflict.
    expect(await kv.update('sp-cas', { n: 3 }, created.revision)).toEqual({ ok: false, reason: 'conflict' });
  });
});
