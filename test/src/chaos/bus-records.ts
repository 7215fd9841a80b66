/**
 * What the bus holds, read straight from JetStream as the admin user: the trade projections (KV
 * `trades`), the triggers (KV `triggers`) and the audit streams. The invariants are checked
 * against these and the simulator's own records, never against what a service answers.
 */
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { KvBuckets, Streams, type TradeEvent, type TradeView, type TriggerEvent, type TriggerView } from '@arctrigger/contracts';

/**
 * How long one read of a bucket or a stream may take before it is given up with an error (the
 * caller reads again): an ordered consumer whose end marker never comes (the last message
 * removed or replaced after the stream's info was read) would otherwise wait forever.
 */
const READ_TIMEOUT_MS = 20_000;

/** Consumes `messages` with `each` until it returns true; throws when that takes longer than `timeoutMs`. */
export async function consumeUntilEnd<M>(messages: AsyncIterable<M> & { close(): Promise<void | Error> }, what: string, each: (m: M) => boolean, timeoutMs = READ_TIMEOUT_MS): Promise<void> {
  let read = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void messages.close();
  }, timeoutMs);
  try {
    for await (const m of messages) {
      read++;
      if (each(m)) break;
    }
  } finally {
    clearTimeout(timer);
    await messages.close();
  }
  if (timedOut) throw new Error(`reading ${what} did not end within ${timeoutMs} ms (${read} messages read)`);
}

export interface BusSnapshot {
  trades: Map<string, TradeView>;
  triggers: Map<string, TriggerView>;
  tradeEvents: TradeEvent[];
  triggerEvents: TriggerEvent[];
}

/**
 * Every current value of a KV bucket, by key (deleted keys left out), read from the bucket's stream
 * leader with an ordered consumer (last message per key). Not `get` per key: a KV get is answered
 * directly by any replica, and in a cluster one restarted with an empty store answers "absent"
 * until it has caught up.
 */
export async function readBucket<T>(nc: NatsConnection, bucket: string): Promise<Map<string, T>> {
  const stream = `KV_${bucket}`;
  const prefix = `$KV.${bucket}.`;
  const out = new Map<string, T>();
  const info = await (await jetstreamManager(nc)).streams.info(stream);
  if (info.state.messages === 0) return out;
  // The stream's last message is the last of its key, so the read ends there at the latest: a
  // stream recovered after a kill -9 of nats-server has been seen to count a pending message that
  // is never delivered (as the services' own replays do: last sequence or nothing pending).
  const last = info.state.last_seq;
  const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.LastPerSubject });
  await consumeUntilEnd(await consumer.consume(), `bucket ${bucket}`, (m) => {
    const key = m.subject.slice(prefix.length);
    const operation = m.headers?.get('KV-Operation');
    if (!operation && m.data.length > 0) out.set(key, m.json<T>());
    else out.delete(key);
    return m.seq >= last || m.info.pending === 0;
  });
  return out;
}

/** Every message of a stream, in order (an ordered consumer up to the last sequence it holds now). */
export async function readStream<T>(nc: NatsConnection, stream: string): Promise<T[]> {
  const info = await (await jetstreamManager(nc)).streams.info(stream);
  const last = info.state.last_seq;
  if (info.state.messages === 0) return [];
  const consumer = await jetstream(nc).consumers.get(stream);
  const out: T[] = [];
  await consumeUntilEnd(await consumer.consume(), `stream ${stream}`, (m) => {
    out.push(m.json<T>());
    return m.seq >= last;
  });
  return out;
}

/** Message count and last sequence of every stream, and every bucket's keys with their revisions. */
export async function busFingerprint(nc: NatsConnection): Promise<Record<string, string>> {
  const jsm = await jetstreamManager(nc);
  const out: Record<string, string> = {};
  for (const s of Object.values(Streams)) {
    const info = await jsm.streams.info(s.name).catch(() => undefined);
    out[`stream ${s.name}`] = info ? `${info.state.messages} messages, last ${info.state.last_seq}` : 'absent';
  }
  for (const b of Object.values(KvBuckets)) {
    const info = await jsm.streams.info(`KV_${b.name}`).catch(() => undefined);
    out[`kv ${b.name}`] = info ? `${info.state.messages} entries, last ${info.state.last_seq}` : 'absent';
  }
  return out;
}

export async function busSnapshot(nc: NatsConnection): Promise<BusSnapshot> {
  return {
    trades: await readBucket<TradeView>(nc, KvBuckets.TRADES.name),
    triggers: await readBucket<TriggerView>(nc, KvBuckets.TRIGGERS.name),
    tradeEvents: await readStream<TradeEvent>(nc, Streams.TRADES.name),
    triggerEvents: await readStream<TriggerEvent>(nc, Streams.TRIGGER_EVENTS.name),
  };
}
