import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** What a JetStream stream holds for a subject filter: the system of record, after de-duplication. */
export async function storedMessages<T>(nc: NatsConnection, stream: string, filter: string): Promise<Array<{ subject: string; json: T; msgId: string | undefined }>> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream, { subjects_filter: filter });
  const count = Object.values(info.state.subjects ?? {}).reduce((n, c) => n + c, 0);
  if (count === 0) return [];
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: filter });
  const out: Array<{ subject: string; json: T; msgId: string | undefined }> = [];
  const batch = await consumer.fetch({ max_messages: count, expires: 2_000 });
  for await (const m of batch) {
    out.push({ subject: m.subject, json: m.json<T>(), msgId: m.headers?.get('Nats-Msg-Id') || undefined });
    if (out.length >= count) break;
  }
  return out;
}
