/**
 * JetStream publishes acknowledged through the connection's inbox, against a real nats-server:
 * the same acknowledgement as the client's own publish, and the same errors, so the stored-publish
 * retry and the KV compare-and-set read them as before.
 */
import { JetStreamApiError, JetStreamError, jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { type NatsConnection } from '@nats-io/transport-node';
import { Streams } from '@arctrigger/contracts';
import { tradeEvent } from '@arctrigger/testkit';
import { encodeJson } from '../src/bus/json-codec';
import { AckedPublisher, pubAckOf } from '../src/jetstream/acked-publisher';
import { isTransientJetStreamError, isWrongLastSequence } from '../src/jetstream/transient-errors';
import { BusFixture } from './bus-fixture';

describe('AckedPublisher', () => {
  let fx: BusFixture;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let publisher: AckedPublisher;
  beforeAll(async () => {
    fx = await BusFixture.start();
    nc = await fx.connect('order-service');
    js = jetstream(nc);
    publisher = new AckedPublisher(nc, js);
  });
  afterAll(async () => fx.stop());

  async function lastOf(subject: string) {
    return (await jetstreamManager(await fx.connect('admin'))).streams.getMessage(Streams.TRADES.name, { last_by_subj: subject });
  }

  it('stores the message with its id and answers with the stream and sequence it got', async () => {
    const subject = 'trade.evt.v1.ap1';
    const ack = await publisher.publish(subject, encodeJson(tradeEvent('ap1', 1, 'ARMED')), { msgID: 'ap1:1', expect: { lastSubjectSequence: 0 } });

    const stored = await lastOf(subject);
    expect(ack).toEqual({ stream: Streams.TRADES.name, seq: stored?.seq, duplicate: false });
    expect(stored?.header.get('Nats-Msg-Id')).toBe('ap1:1');
  });

  it('answers a repeated message id as a duplicate of the first, stored once', async () => {
    const subject = 'trade.evt.v1.ap2';
    const data = encodeJson(tradeEvent('ap2', 1, 'ARMED'));
    const first = await publisher.publish(subject, data, { msgID: 'ap2:1' });
    const again = await publisher.publish(subject, data, { msgID: 'ap2:1' });

    expect(again).toEqual({ ...first, duplicate: true });
    const info = await (await jetstreamManager(await fx.connect('admin'))).streams.info(Streams.TRADES.name, { subjects_filter: subject });
    expect(info.state.subjects?.[subject]).toBe(1);
  });

  it('refuses a wrong last subject sequence with the server error the compare-and-set reads', async () => {
    const subject = 'trade.evt.v1.ap3';
    await publisher.publish(subject, encodeJson(tradeEvent('ap3', 1, 'ARMED')), { msgID: 'ap3:1', expect: { lastSubjectSequence: 0 } });

    const refused = publisher.publish(subject, encodeJson(tradeEvent('ap3', 2, 'ARMED')), { msgID: 'ap3:2', expect: { lastSubjectSequence: 0 } });

    const error = await refused.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JetStreamApiError);
    expect((error as JetStreamApiError).code).toBe(10071);
    expect(isWrongLastSequence(error)).toBe(true);
    expect(isTransientJetStreamError(error)).toBe(false);
  });

  it('reports a subject no stream stores as no responders, which a durable publish retries', async () => {
    const admin = await fx.connect('admin');
    const error = await new AckedPublisher(admin, jetstream(admin)).publish('nowhere.stored', new Uint8Array(0), { msgID: 'x' }).catch((e: unknown) => e);

    expect(isTransientJetStreamError(error)).toBe(true);
  });

  it('sends options it does not make itself through the client', async () => {
    const subject = 'trade.evt.v1.ap4';
    // An expected stream name is checked by the server: the client sent it.
    const error = await publisher.publish(subject, encodeJson(tradeEvent('ap4', 1, 'ARMED')), { msgID: 'ap4:1', expect: { streamName: 'NOT_TRADES' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JetStreamApiError);
    expect(String((error as Error).message)).toMatch(/stream/i);
    const stored = await publisher.publish(subject, encodeJson(tradeEvent('ap4', 1, 'ARMED')), { msgID: 'ap4:1', expect: { streamName: Streams.TRADES.name } });
    expect(stored.stream).toBe(Streams.TRADES.name);
  });

  it('reads an answer that is not an acknowledgement as an invalid ack', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(() => pubAckOf({ data: bytes('not json') })).toThrow(JetStreamError);
    expect(() => pubAckOf({ data: bytes('{"seq":3}') })).toThrow(/invalid ack/);
    expect(pubAckOf({ data: bytes('{"stream":"S","seq":3,"domain":"d"}') })).toEqual({ stream: 'S', seq: 3, duplicate: false, domain: 'd' });
  });
});
