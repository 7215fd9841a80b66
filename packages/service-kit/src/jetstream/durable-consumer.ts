import { AckPolicy, DeliverPolicy, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { z } from 'zod';
import { patternOf, type DeadLetter, type EventContract } from '@arctrigger/contracts';
import type { Bus } from '../bus/bus';
import { decodeJson } from '../bus/json-codec';
import { fieldIssues } from '../bus/field-issues';
import { extractTraceContext } from '../tracing/trace-headers';

/** How long one pull request lives at the server (its idle heartbeat is half of it). */
export const PULL_EXPIRES_MS = 5_000;

export interface DurableConsumerOptions<C extends EventContract> {
  contract: C;
  stream: string;
  /** Durable name: survives restarts, one per consuming service (instances share it). */
  durable: string;
  /** Narrower filter than the contract's pattern, if any. */
  filterSubject?: string;
  /** Redeliveries before the message is parked on the dead-letter subject. */
  maxDeliver?: number;
  /**
   * How long a delivered message may go unacknowledged before it is delivered again (30 s by
   * default). A handler still working tells the server so every third of it; what a crashed
   * instance held comes back to the next one after at most this long.
   */
  ackWaitMs?: number;
  /** Where a new durable starts; existing durables resume where they left off. */
  deliverFrom?: 'all' | 'new';
}

export interface DurableMessageContext {
  readonly subject: string;
  readonly streamSequence: number;
  readonly deliveryCount: number;
  readonly msgId: string | undefined;
}

export type DurableHandler<C extends EventContract> = (
  payload: z.output<C['schema']>,
  ctx: DurableMessageContext,
) => Promise<void> | void;

export interface RunningConsumer {
  stop(): Promise<void>;
}

/**
 * A durable pull consumer with explicit acks and bounded redelivery. The handler must be
 * idempotent. Invalid payloads are parked immediately; a handler that keeps failing is parked
 * after `maxDeliver` attempts. Messages are handled one at a time, in stream order; while the
 * handler works on one, it is reported in progress every third of the ack wait, so only a message
 * whose instance died (or stopped) is delivered again. A durable that exists with another ack wait
 * is updated to this one.
 */
export async function consumeDurable<C extends EventContract>(
  bus: Bus,
  options: DurableConsumerOptions<C>,
  handler: DurableHandler<C>,
): Promise<RunningConsumer> {
  const maxDeliver = options.maxDeliver ?? 5;
  const jsm = await jetstreamManager(bus.nc);
  const filter = options.filterSubject ?? patternOf(options.contract);
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const existing = await jsm.consumers.info(options.stream, options.durable).catch(() => undefined);
  if (existing && existing.config.ack_wait !== nanos(ackWaitMs)) {
    await jsm.consumers.update(options.stream, options.durable, { ack_wait: nanos(ackWaitMs) });
  } else if (!existing) {
    await jsm.consumers.add(options.stream, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: options.deliverFrom === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      filter_subject: filter,
      max_deliver: maxDeliver,
      ack_wait: nanos(ackWaitMs),
    });
  }
  const consumer = await bus.jetstream.consumers.get(options.stream, options.durable);
  // Each pull lives 5 s, with a server heartbeat every 2.5 s: a pull lost with a server (a cluster
  // node killed, the consumer's leader moved) is noticed after two missed heartbeats and made again
  // within 5 s — at the client's default 30 s, a consumer stalled that long after a node died.
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 256, expires: PULL_EXPIRES_MS });
  const tracer = trace.getTracer(`arctrigger.${bus.service}`);
  const counters = bus.stats.counters(patternOf(options.contract));

  const park = (msg: JsMsg, reason: DeadLetter['reason'], message: string, issues: DeadLetter['issues']) => {
    bus.deadLetter(
      { subject: msg.subject, data: msg.data, headers: msg.headers } as Parameters<Bus['deadLetter']>[0],
      options.contract,
      reason,
      message,
      issues,
    );
    msg.term(reason);
  };

  const pending = { stream: options.stream, pending: 0 };
  bus.stats.consumerPending.set(options.durable, pending);

  const loop = (async () => {
    for await (const msg of messages) {
      pending.pending = msg.info.pending;
      if (msg.info.deliveryCount > 1) counters.redelivered++;
      counters.received++;
      const decoded = decodeJson(msg.data);
      const parsed = decoded.ok ? options.contract.schema.safeParse(decoded.value) : undefined;
      if (!decoded.ok || !parsed?.success) {
        counters.invalid++;
        park(msg, 'invalid-payload', decoded.ok ? 'payload does not match its contract' : decoded.message,
          parsed && !parsed.success ? fieldIssues(parsed.error) : []);
        continue;
      }
      const parent = extractTraceContext(msg.headers);
      const span = tracer.startSpan(`${options.contract.name} process`, { kind: SpanKind.CONSUMER }, parent);
      // Still working on it: the server must not hand it to another instance meanwhile.
      const inProgress = setInterval(() => msg.working(), Math.max(100, Math.floor(ackWaitMs / 3)));
      inProgress.unref?.();
      try {
        await context.with(trace.setSpan(parent, span), () =>
          handler(parsed.data as z.output<C['schema']>, {
            subject: msg.subject,
            streamSequence: msg.seq,
            deliveryCount: msg.info.deliveryCount,
            msgId: msg.headers?.get('Nats-Msg-Id') || undefined,
          }),
        );
        msg.ack();
      } catch (error) {
        counters.handlerErrors++;
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        if (msg.info.deliveryCount >= maxDeliver) {
          park(msg, 'redelivery-exhausted', (error as Error)?.message ?? String(error), []);
        } else {
          bus.logger.warn({ err: error, subject: msg.subject, attempt: msg.info.deliveryCount }, 'durable handler failed; will retry');
          msg.nak(Math.min(200 * 2 ** msg.info.deliveryCount, 5_000));
        }
      } finally {
        clearInterval(inProgress);
        span.end();
      }
    }
  })();

  return {
    async stop() {
      await messages.close();
      await loop;
    },
  };
}
