import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Histogram, type Tracer } from '@opentelemetry/api';
import {
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
  errors as natsErrors,
} from '@nats-io/transport-node';
import { jetstream, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import type { z } from 'zod';
import {
  BusErrorCode,
  Contracts,
  fail,
  patternOf,
  subjectOf,
  type DeadLetter,
  type ErrorReply,
  type EventContract,
  type FieldIssue,
  type RequestContract,
} from '@arctrigger/contracts';
import type { Logger } from 'pino';
import { ContractViolationError } from '../errors';
import { BusStats } from './bus-stats';
import { fieldIssues } from './field-issues';
import { encodeJson, textOf } from './json-codec';
import { checkedPayload, receivePayload } from './payload';
import { extractTraceContext, injectTraceContext } from '../tracing/trace-headers';
import { publishUntilStored } from '../jetstream/stored-publish';
import { AckedPublisher } from '../jetstream/acked-publisher';
import { ReplyInbox } from './reply-inbox';

export interface BusOptions {
  service: string;
  instanceId: string;
  logger: Logger;
  /** Records every request's round trip (seconds) per contract, when metrics are on. */
  requestDuration?: Histogram;
}

/** What a handler learns about the message besides its payload. */
export interface MessageContext {
  readonly subject: string;
  readonly headers: MsgHdrs | undefined;
  /** Trace context the sender propagated (ROOT_CONTEXT when none). */
  readonly traceContext: Context;
  /** JetStream message id header, when the publisher set one. */
  readonly msgId: string | undefined;
}

type Params = Record<string, string | number>;

export interface PublishOptions {
  params?: Params;
  /** Extra headers (trace context is added unless `trace: false`). */
  headers?: MsgHdrs;
  /** Hot-path publishers (ticks) skip trace propagation. */
  trace?: boolean;
}

export interface SubscribeOptions {
  /** Concrete subject params; omitted placeholders subscribe with `*`. */
  params?: Params;
  queue?: string;
  /** Start a consumer span per message (default true). Hot-path subscriptions turn it off. */
  trace?: boolean;
}

export interface RequestOptions {
  params?: Params;
  timeoutMs?: number;
}

export interface ReplyOptions {
  /** Queue group; defaults to the service name so instances share the load. `null` = every instance answers. */
  queue?: string | null;
}

export type EventHandler<C extends EventContract> = (payload: z.output<C['schema']>, ctx: MessageContext) => unknown;
export type RequestHandler<C extends RequestContract> = (
  payload: z.output<C['schema']>,
  ctx: MessageContext,
) => Promise<z.input<C['reply']>> | z.input<C['reply']>;

/**
 * The typed bus: publish / subscribe / request / reply bound to the contract catalogue.
 * - every payload is validated on send (a violation is a bug and throws) and on receipt;
 * - an invalid request is answered with INVALID_REQUEST and field issues, the handler is never called;
 * - an invalid event is parked on `dlq.v1.<service>` with its reason and counted, never half-processed;
 * - W3C trace context travels in NATS headers on every hop.
 */
export class Bus {
  readonly stats = new BusStats();
  private readonly tracer: Tracer;
  private js?: JetStreamClient;
  private acked?: AckedPublisher;

  constructor(
    readonly nc: NatsConnection,
    readonly options: BusOptions,
  ) {
    this.tracer = trace.getTracer(`arctrigger.${options.service}`);
  }

  private readonly attributesByContract = new Map<string, Attributes>();

  /**
   * Values checked ahead of sending (`checked`), with the contract each was checked against. Only
   * contracts without a hand check are looked up here: a hot-path contract's hand check is its fast
   * path already, and its sends (a tick each) pay for no lookup.
   */
  private readonly checkedAhead = new WeakMap<object, EventContract | RequestContract>();

  /** One attribute object per contract, not one per request. */
  private requestAttributes(contract: string): Attributes {
    let attributes = this.attributesByContract.get(contract);
    if (!attributes) this.attributesByContract.set(contract, (attributes = { contract }));
    return attributes;
  }

  get service(): string {
    return this.options.service;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get jetstream(): JetStreamClient {
    this.js ??= jetstream(this.nc);
    return this.js;
  }

  /**
   * Checks a payload against its contract now, as sending it would (a violation is a bug and throws
   * ContractViolationError), and returns the checked value: the caller keeps and works with exactly
   * what it will send, and sending that same value, unchanged, through this bus checks it only once.
   */
  checked<C extends EventContract>(contract: C, payload: z.input<C['schema']>): Readonly<z.output<C['schema']>> {
    const value = this.validateOutgoing(contract, patternOf(contract), payload);
    if (!contract.check && typeof value === 'object' && value !== null) this.checkedAhead.set(value, contract);
    return value as z.output<C['schema']>;
  }

  /** Publishes an event (core NATS). Throws ContractViolationError when the payload is invalid. */
  publish<C extends EventContract>(contract: C, payload: z.input<C['schema']>, options: PublishOptions = {}): void {
    const subject = subjectOf(contract, options.params);
    const value = this.validateOutgoing(contract, subject, payload);
    const headers = options.trace === false ? options.headers : injectTraceContext(options.headers);
    this.nc.publish(subject, encodeJson(value), headers ? { headers } : undefined);
    this.stats.counters(patternOf(contract)).published++;
  }

  /**
   * Publishes an event to JetStream with `Nats-Msg-Id` for de-duplication; resolves with the ack
   * (`duplicate: true` when the server had already stored that id) once it is stored. A transient
   * failure (a stream leader being elected) is retried with the same id for up to `retryForMs`
   * (a minute by default; see publishUntilStored), so a caller never loses an event to an election.
   */
  async publishDurable<C extends EventContract>(
    contract: C,
    payload: z.input<C['schema']>,
    options: PublishOptions & { msgId: string; expectLastSubjectSequence?: number; retryForMs?: number },
  ): Promise<PubAck> {
    const subject = subjectOf(contract, options.params);
    const value = this.validateOutgoing(contract, subject, payload);
    const headers = options.trace === false ? options.headers : injectTraceContext(options.headers);
    this.acked ??= new AckedPublisher(this.nc, this.jetstream);
    const ack = await publishUntilStored(this.nc, this.acked, subject, encodeJson(value), {
      msgID: options.msgId,
      ...(contract.stream ? { stream: contract.stream } : {}),
      ...(headers ? { headers } : {}),
      ...(options.expectLastSubjectSequence !== undefined
        ? { expect: { lastSubjectSequence: options.expectLastSubjectSequence } }
        : {}),
      ...(options.retryForMs !== undefined ? { retryForMs: options.retryForMs } : {}),
    }, this.logger);
    this.stats.counters(patternOf(contract)).published++;
    return ack;
  }

  /** Subscribes to an event. Invalid payloads go to the dead-letter subject; the handler never sees them. */
  subscribe<C extends EventContract>(contract: C, handler: EventHandler<C>, options: SubscribeOptions = {}): Subscription {
    const subject = this.subscriptionSubject(contract, options.params);
    const counters = this.stats.counters(patternOf(contract));
    const traced = options.trace !== false;
    return this.nc.subscribe(subject, {
      queue: options.queue,
      callback: (err, msg) => {
        if (err) {
          this.logger.error({ err, subject }, 'subscription closed with error');
          return;
        }
        counters.received++;
        const parsed = receivePayload(msg.data, contract.schema, contract.check);
        if (!parsed.ok) {
          counters.invalid++;
          this.deadLetter(msg, contract, 'invalid-payload', parsed.notJson ?? 'payload does not match its contract', parsed.issues);
          return;
        }
        const ctx = messageContext(msg);
        const run = () => handler(parsed.value as z.output<C['schema']>, ctx);
        const onError = (error: unknown) => {
          counters.handlerErrors++;
          this.deadLetter(msg, contract, 'handler-failed', (error as Error)?.message ?? String(error), []);
        };
        if (!traced) {
          invokeSafely(run, onError);
          return;
        }
        const span = this.tracer.startSpan(
          `${contract.name} receive`,
          { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject } },
          ctx.traceContext,
        );
        context.with(trace.setSpan(ctx.traceContext, span), () =>
          invokeSafely(run, (error) => {
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
            onError(error);
          }, () => span.end()),
        );
      },
    });
  }

  /**
   * Sends a request and waits for the reply. Expected failures come back as values:
   * INVALID_REQUEST (payload rejected before sending), TIMEOUT, NO_RESPONDERS, INVALID_REPLY.
   */
  async request<C extends RequestContract>(
    contract: C,
    payload: z.input<C['schema']>,
    options: RequestOptions = {},
  ): Promise<z.output<C['reply']>> {
    const subject = subjectOf(contract, options.params);
    const parsed = checkedPayload(payload, contract.schema, contract.check);
    if (!parsed.ok) {
      return fail(BusErrorCode.INVALID_REQUEST, `invalid ${contract.name} request`, { issues: parsed.issues }) as z.output<C['reply']>;
    }
    const timeout = options.timeoutMs ?? contract.timeoutMs;
    const started = performance.now();
    return this.tracer.startActiveSpan(
      `${contract.name} request`,
      { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } },
      async (span) => {
        try {
          const headers = injectTraceContext();
          const msg = await ReplyInbox.of(this.nc).request(subject, encodeJson(parsed.value), timeout, headers);
          this.stats.counters(patternOf(contract)).published++;
          return this.parseReply(contract, msg);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          return requestFailure(contract, timeout, error) as z.output<C['reply']>;
        } finally {
          span.end();
          this.options.requestDuration?.record((performance.now() - started) / 1000, this.requestAttributes(contract.name));
        }
      },
    );
  }

  /**
   * Sends one request to every responder and gathers the replies that arrive within `windowMs`
   * (scatter-gather, e.g. health). Invalid replies are dropped and counted.
   */
  async requestAll<C extends RequestContract>(
    contract: C,
    payload: z.input<C['schema']>,
    windowMs: number,
  ): Promise<Array<z.output<C['reply']>>> {
    const subject = subjectOf(contract);
    const value = this.validateOutgoing(contract, subject, payload);
    const replies: Array<z.output<C['reply']>> = [];
    try {
      const iter = await this.nc.requestMany(subject, encodeJson(value), {
        strategy: 'timer',
        maxWait: windowMs,
        headers: injectTraceContext(),
      });
      for await (const msg of iter) {
        const reply = this.parseReply(contract, msg);
        const r = reply as { ok: boolean; code?: string };
        if (!(r.ok === false && r.code === BusErrorCode.INVALID_REPLY)) replies.push(reply);
      }
    } catch (error) {
      if (!(error instanceof natsErrors.RequestError) && !(error instanceof natsErrors.NoRespondersError)) throw error;
    }
    return replies;
  }

  /**
   * Answers requests. The payload is validated first: an invalid one is answered with
   * INVALID_REQUEST and field issues, and the handler is never called. The handler's answer is
   * validated against the reply schema; a handler that throws is answered with HANDLER_FAILED
   * (no stack trace crosses the bus).
   */
  reply<C extends RequestContract>(contract: C, handler: RequestHandler<C>, options: ReplyOptions = {}): Subscription {
    const subject = patternOf(contract);
    const counters = this.stats.counters(subject);
    const queue = options.queue === null ? undefined : (options.queue ?? this.service);
    return this.nc.subscribe(subject, {
      queue,
      callback: (err, msg) => {
        if (err) {
          this.logger.error({ err, subject }, 'reply subscription closed with error');
          return;
        }
        counters.received++;
        const parsed = receivePayload(msg.data, contract.schema, contract.check);
        if (!parsed.ok) {
          counters.invalid++;
          respond(msg, fail(BusErrorCode.INVALID_REQUEST, parsed.notJson ?? `invalid ${contract.name} request`, { issues: parsed.issues }), this.logger);
          return;
        }
        const ctx = messageContext(msg);
        const span = this.tracer.startSpan(
          `${contract.name} handle`,
          { kind: SpanKind.SERVER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject } },
          ctx.traceContext,
        );
        const spanCtx = trace.setSpan(ctx.traceContext, span);
        void context.with(spanCtx, async () => {
          try {
            const answer = await handler(parsed.value as z.output<C['schema']>, ctx);
            const checked = contract.reply.safeParse(answer);
            if (!checked.success) {
              counters.handlerErrors++;
              this.logger.error({ subject, issues: fieldIssues(checked.error) }, 'handler produced an invalid reply');
              respond(msg, fail(BusErrorCode.INVALID_REPLY, `${contract.name}: the service produced an invalid answer`), this.logger);
              return;
            }
            respond(msg, checked.data, this.logger);
          } catch (error) {
            counters.handlerErrors++;
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
            this.logger.error({ err: error, subject }, 'request handler failed');
            respond(msg, fail(BusErrorCode.HANDLER_FAILED, `${contract.name}: the service failed to handle the request`, { retryable: true }), this.logger);
          } finally {
            span.end();
          }
        });
      },
    });
  }

  /** Parks a message on `dlq.v1.<service>` with the reason. */
  deadLetter(msg: Msg, contract: EventContract | undefined, reason: DeadLetter['reason'], message: string, issues: FieldIssue[]): void {
    const letter: DeadLetter = {
      service: this.service,
      subject: msg.subject,
      contract: contract ? `${contract.name}.v${contract.version}` : null,
      reason,
      message,
      issues,
      payload: textOf(msg.data),
      receivedAt: Date.now(),
    };
    if (contract) this.stats.counters(patternOf(contract)).deadLettered++;
    this.logger.warn({ subject: msg.subject, reason, message, issues }, 'message dead-lettered');
    try {
      this.publish(Contracts.DeadLetter, letter, { params: { service: this.service }, trace: false });
    } catch (error) {
      this.logger.error({ err: error }, 'could not publish dead letter');
    }
  }

  /** Flushes pending publishes and closes subscriptions gracefully. */
  async drain(): Promise<void> {
    if (!this.nc.isClosed() && !this.nc.isDraining()) await this.nc.drain();
  }

  private parseReply<C extends RequestContract>(contract: C, msg: Msg): z.output<C['reply']> {
    const parsed = receivePayload(msg.data, contract.reply);
    if (parsed.ok) return parsed.value as z.output<C['reply']>;
    return fail(BusErrorCode.INVALID_REPLY, `${contract.name}: the answer did not match its contract`, { issues: parsed.issues }) as z.output<C['reply']>;
  }

  private validateOutgoing(contract: EventContract | RequestContract, subject: string, payload: unknown): unknown {
    if (!contract.check && typeof payload === 'object' && payload !== null && this.checkedAhead.get(payload) === contract) return payload;
    const parsed = checkedPayload(payload, contract.schema, contract.check);
    if (!parsed.ok) throw new ContractViolationError(subject, parsed.issues);
    return parsed.value;
  }

  private subscriptionSubject(contract: EventContract, params: Params | undefined): string {
    if (!params) return patternOf(contract);
    return contract.subject.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (_m, key: string) => String(params[key] ?? '*'));
  }
}

/** Message context whose trace context and message id are read only when asked for. */
class LazyMessageContext implements MessageContext {
  private trace?: Context;

  constructor(private readonly msg: Msg) {}

  get subject(): string {
    return this.msg.subject;
  }

  get headers(): MsgHdrs | undefined {
    return this.msg.headers;
  }

  get traceContext(): Context {
    this.trace ??= extractTraceContext(this.msg.headers);
    return this.trace;
  }

  get msgId(): string | undefined {
    return this.msg.headers?.get('Nats-Msg-Id') || undefined;
  }
}

function messageContext(msg: Msg): MessageContext {
  return new LazyMessageContext(msg);
}

/**
 * Answers a request. Never throws: an answer the connection refuses (larger than the server's
 * max_payload) is replaced by a small HANDLER_FAILED saying so; a throw here would reach the NATS
 * client's reader and drop the connection, and the asker would hear nothing either way.
 */
function respond(msg: Msg, value: unknown, logger: Logger): void {
  if (!msg.reply) return;
  const headers = injectTraceContext();
  const bytes = encodeJson(value);
  try {
    msg.respond(bytes, headers ? { headers } : undefined);
  } catch (error) {
    logger.error({ err: error, subject: msg.subject, bytes: bytes.length }, 'answer could not be sent');
    try {
      msg.respond(encodeJson(fail(BusErrorCode.HANDLER_FAILED, `the answer could not be sent (${bytes.length} bytes): ${String((error as Error).message ?? error).slice(0, 200)}`)));
    } catch {
      // The connection is closing: nothing can be answered.
    }
  }
}

/** Runs a handler that may be sync or async, routing both kinds of failure to `onError`. */
function invokeSafely(run: () => unknown, onError: (error: unknown) => void, onDone?: () => void): void {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    onError(error);
    onDone?.();
    return;
  }
  if (result instanceof Promise) {
    result.then(onDone, (error: unknown) => {
      onError(error);
      onDone?.();
    });
  } else {
    onDone?.();
  }
}

function requestFailure(contract: RequestContract, timeoutMs: number, error: unknown): ErrorReply {
  const noResponders =
    error instanceof natsErrors.NoRespondersError ||
    (error instanceof natsErrors.RequestError && error.isNoResponders());
  if (noResponders) {
    return fail(BusErrorCode.NO_RESPONDERS, `${contract.name}: no service is answering`, { retryable: true });
  }
  if (error instanceof natsErrors.TimeoutError || (error instanceof Error && error.cause instanceof natsErrors.TimeoutError)) {
    return fail(BusErrorCode.TIMEOUT, `${contract.name}: no answer within ${timeoutMs} ms`, { retryable: true });
  }
  return fail(BusErrorCode.TIMEOUT, `${contract.name}: request failed: ${(error as Error)?.message ?? String(error)}`, {
    retryable: true,
  });
}
