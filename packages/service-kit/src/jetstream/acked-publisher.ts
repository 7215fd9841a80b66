import { JetStreamApiError, JetStreamError, type JetStreamClient, type JetStreamPublishOptions, type PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { ReplyInbox } from '../bus/reply-inbox';

/** What a durable publish needs of a JetStream client. */
export type JetStreamPublisher = Pick<JetStreamClient, 'publish'>;

/** The publish options the lean path sends itself; any other goes through the client. */
const LEAN_OPTIONS = new Set(['msgID', 'expect', 'headers', 'timeout']);
const decoder = new TextDecoder();

/**
 * JetStream publishes acknowledged through the connection's ReplyInbox: the same message, headers
 * and acknowledgement as the client's `js.publish`, the same errors (`JetStreamApiError` with the
 * server's code, `TimeoutError`, `NoRespondersError`), without the client's per-request garbage.
 * Options the lean path does not send itself (an expected stream, last sequence or last message
 * id, a TTL, a schedule) go through the client unchanged.
 */
export class AckedPublisher implements JetStreamPublisher {
  /** The client's own answer time (its `timeout` option: 5 s unless it was made with another). */
  private readonly answerMs: number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly client: JetStreamClient,
  ) {
    this.answerMs = client.getOptions().timeout ?? 5_000;
  }

  async publish(subject: string, data?: Uint8Array, options: Partial<JetStreamPublishOptions> = {}): Promise<PubAck> {
    if (!isLean(options)) return this.client.publish(subject, data, options);
    const h = options.headers ?? natsHeaders();
    if (options.msgID) h.set('Nats-Msg-Id', options.msgID);
    const lastSubjectSequence = options.expect?.lastSubjectSequence;
    if (typeof lastSubjectSequence === 'number') h.set('Nats-Expected-Last-Subject-Sequence', `${lastSubjectSequence}`);
    const answer = await ReplyInbox.of(this.nc).request(subject, data ?? new Uint8Array(0), options.timeout ?? this.answerMs, h);
    return pubAckOf(answer);
  }
}

/** `js` with its publishes acknowledged through the connection's ReplyInbox (a KV bucket's writes, for one). */
export function withAckedPublish(nc: NatsConnection, js: JetStreamClient): JetStreamClient {
  const publisher = new AckedPublisher(nc, js);
  const publish = publisher.publish.bind(publisher);
  return new Proxy(js, {
    get(target, prop, receiver) {
      return prop === 'publish' ? publish : (Reflect.get(target, prop, receiver) as unknown);
    },
  });
}

/** Whether every option given is one the lean path sends itself (no allocation: it runs on every durable publish). */
function isLean(options: Partial<JetStreamPublishOptions>): boolean {
  for (const key in options) {
    if (!LEAN_OPTIONS.has(key) && options[key as keyof JetStreamPublishOptions] !== undefined) return false;
  }
  const expect = options.expect;
  if (!expect) return true;
  for (const key in expect) {
    if (key !== 'lastSubjectSequence' && expect[key as keyof typeof expect] !== undefined) return false;
  }
  return true;
}

/** The stream's acknowledgement, or its refusal as the error the client would throw. */
export function pubAckOf(answer: Pick<Msg, 'data'>): PubAck {
  let parsed: { error?: { code: number; err_code?: number; description: string }; stream?: string; seq?: number; duplicate?: boolean; domain?: string };
  try {
    parsed = JSON.parse(decoder.decode(answer.data)) as typeof parsed;
  } catch {
    throw new JetStreamError('invalid ack response');
  }
  if (parsed.error) throw new JetStreamApiError({ code: parsed.error.code, err_code: parsed.error.err_code ?? 0, description: parsed.error.description });
  if (!parsed.stream || typeof parsed.seq !== 'number') throw new JetStreamError('invalid ack response');
  return { stream: parsed.stream, seq: parsed.seq, duplicate: parsed.duplicate === true, ...(parsed.domain ? { domain: parsed.domain } : {}) };
}
