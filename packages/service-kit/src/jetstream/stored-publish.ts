import { jetstreamManager, type JetStreamPublishOptions, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { isWrongLastSequence } from './transient-errors';
import { retryTransient, TRANSIENT_RETRY_MS } from './retry-transient';
import type { JetStreamPublisher } from './acked-publisher';

/**
 * How long a durable publish keeps trying through transient failures by default: a stream leader
 * killed on a 3-node cluster is replaced within seconds, 20 s on a loaded machine; a minute covers
 * that with room, and a publish that still fails then is a real outage the caller must hear of.
 */
export const STORED_PUBLISH_RETRY_MS = TRANSIENT_RETRY_MS;

export interface StoredPublishOptions extends Partial<JetStreamPublishOptions> {
  msgID: string;
  /**
   * The stream that stores the subject (the contract's `stream`): where a retry's own earlier copy
   * is looked for. A service may read only its own streams' messages, not list streams, so it is
   * named, not searched for (searched for only when not given).
   */
  stream?: string;
  /** Give up after this long (default STORED_PUBLISH_RETRY_MS). */
  retryForMs?: number;
}

/**
 * Publishes to JetStream and resolves only once the message is stored. A transient failure (no
 * answer while the stream elects a leader, no responders, a 503) is retried with the same
 * Nats-Msg-Id, so a first attempt that was stored after all is not stored twice (JetStream
 * answers the retry `duplicate`). A retry refused for a wrong last subject sequence — a cluster's
 * stream leader checks the expected-sequence guard before the duplicate window (one server checks
 * duplicates first), so it trips on our own earlier copy — is a success when the subject's last
 * message is the one with our id (read from the contract's stream). Any other
 * failure is thrown at once.
 */
export async function publishUntilStored(nc: NatsConnection, js: JetStreamPublisher, subject: string, data: Uint8Array, options: StoredPublishOptions, logger?: Logger): Promise<PubAck> {
  const { retryForMs = STORED_PUBLISH_RETRY_MS, stream, ...publishOptions } = options;
  let uncertain = false;
  try {
    return await retryTransient(() => js.publish(subject, data, publishOptions), (error, attempt) => {
      uncertain = true;
      if (attempt === 1 || attempt % 10 === 0) logger?.warn({ err: error, subject, msgId: options.msgID, attempt }, 'JetStream publish not acknowledged; retrying with the same message id');
    }, retryForMs);
  } catch (error) {
    if (uncertain && publishOptions.expect?.lastSubjectSequence !== undefined && isWrongLastSequence(error)) {
      const ours = await retryTransient(() => storedAs(nc, stream, subject, options.msgID));
      if (ours) return ours;
    }
    throw error;
  }
}

/** The ack of the subject's last stored message when it carries `msgId` (read from the stream leader). */
async function storedAs(nc: NatsConnection, stream: string | undefined, subject: string, msgId: string): Promise<PubAck | undefined> {
  const jsm = await jetstreamManager(nc, { checkAPI: false });
  const name = stream ?? (await jsm.streams.find(subject));
  const last = await jsm.streams.getMessage(name, { last_by_subj: subject });
  if (!last || last.header.get('Nats-Msg-Id') !== msgId) return undefined;
  return { stream: name, seq: last.seq, duplicate: true };
}
