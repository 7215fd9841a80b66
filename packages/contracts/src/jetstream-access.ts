import { allContracts } from './catalogue';
import { ServiceName } from './core/enums';
import { KvBuckets, Streams, type StreamSpec } from './streams';

const { GATEWAY, ORDER_SERVICE, TRIGGER_SERVICE, RISK_SERVICE, CONSOLE, WATCHLIST_SERVICE, AUDITOR } = ServiceName;

/** A durable consumer: its name, the stream it reads and the one service that owns it. */
export interface DurableConsumerSpec {
  readonly name: string;
  readonly stream: string;
  readonly owner: ServiceName;
}

/** Every durable consumer of the system. Only its owner may create, consume or delete it. */
export const DurableConsumers = {
  ORDER_SERVICE_TRIGGERS: { name: 'order-service-triggers', stream: Streams.TRIGGER_EVENTS.name, owner: ORDER_SERVICE },
  ORDER_SERVICE_ORDERS: { name: 'order-service-orders', stream: Streams.BROKER_ORDERS.name, owner: ORDER_SERVICE },
  ORDER_SERVICE_EXECUTIONS: { name: 'order-service-executions', stream: Streams.EXECUTIONS.name, owner: ORDER_SERVICE },
  ORDER_SERVICE_COMMISSIONS: { name: 'order-service-commissions', stream: Streams.EXECUTIONS.name, owner: ORDER_SERVICE },
  RISK_SERVICE_EXECUTIONS: { name: 'risk-service-executions', stream: Streams.EXECUTIONS.name, owner: RISK_SERVICE },
  RISK_SERVICE_COMMISSIONS: { name: 'risk-service-commissions', stream: Streams.EXECUTIONS.name, owner: RISK_SERVICE },
  CONSOLE_ALERT_DELIVERY: { name: 'console-alert-delivery', stream: Streams.ALERTS.name, owner: CONSOLE },
} as const satisfies Record<string, DurableConsumerSpec>;

/** KV buckets each service may write (and so create). */
export const KV_WRITERS: Record<ServiceName, readonly string[]> = {
  [GATEWAY]: [KvBuckets.GATEWAY.name, KvBuckets.IDEMPOTENCY.name],
  [ORDER_SERVICE]: [KvBuckets.TRADES.name, KvBuckets.IDEMPOTENCY.name],
  [TRIGGER_SERVICE]: [KvBuckets.TRIGGERS.name, KvBuckets.TRIGGER_LEASES.name],
  [RISK_SERVICE]: [KvBuckets.TRADING_STATE.name, KvBuckets.RISK.name],
  [CONSOLE]: [KvBuckets.IDEMPOTENCY.name, KvBuckets.CONSOLE_TOKENS.name, KvBuckets.ALERT_DELIVERIES.name],
  [WATCHLIST_SERVICE]: [KvBuckets.WATCHLISTS.name],
  [AUDITOR]: [KvBuckets.AUDITOR.name],
};

/** KV buckets a service reads without writing them. */
export const KV_READERS: Record<ServiceName, readonly string[]> = {
  [GATEWAY]: [KvBuckets.TRADING_STATE.name],
  // Suspends the armed trades while trading is not ACTIVE, resumes them when it is.
  [ORDER_SERVICE]: [KvBuckets.TRADING_STATE.name],
  [TRIGGER_SERVICE]: [],
  [RISK_SERVICE]: [],
  [CONSOLE]: [KvBuckets.TRADING_STATE.name],
  [WATCHLIST_SERVICE]: [],
  // The auditor mirrors the trades' views (a list of 1,000 would exceed NATS's message limit).
  [AUDITOR]: [KvBuckets.TRADES.name],
};

const allStreams: readonly StreamSpec[] = Object.values(Streams);

function streamsWhere(service: ServiceName, role: 'publishers' | 'consumers'): StreamSpec[] {
  const names = new Set(allContracts().filter((c) => c.stream && c[role].includes(service)).map((c) => c.stream as string));
  return allStreams.filter((s) => names.has(s.name));
}

/** Streams a service publishes to: it creates them and keeps their configuration current. */
export function streamsOwnedBy(service: ServiceName): StreamSpec[] {
  return streamsWhere(service, 'publishers');
}

/** Streams a service only reads: it may create them if missing (same spec), never change them. */
export function streamsReadBy(service: ServiceName): StreamSpec[] {
  const owned = new Set(streamsOwnedBy(service).map((s) => s.name));
  return streamsWhere(service, 'consumers').filter((s) => !owned.has(s.name));
}

export interface JetStreamAccess {
  /** JetStream API, ack and flow-control subjects the service may publish to. */
  allow: string[];
  /** Subjects refused even though an allow pattern covers them (other services' durables). */
  deny: string[];
}

/**
 * The JetStream API a service may call (nats-server 2.9 subjects): for the streams it owns
 * create/update/info and reading; for streams it reads create-if-missing, info and reading; for
 * its KV buckets (stream `KV_<bucket>`) the same by writer or reader. Deleting or purging a
 * stream or bucket, deleting a stored message and touching another service's durable consumer
 * are left to the admin identity.
 */
export function jetStreamAccessFor(service: ServiceName): JetStreamAccess {
  const allow = new Set<string>(['$JS.API.INFO']);
  const deny = new Set<string>();
  const readable = new Set<string>();
  const read = (stream: string) => {
    readable.add(stream);
    for (const s of [
      `$JS.API.STREAM.CREATE.${stream}`,
      `$JS.API.STREAM.INFO.${stream}`,
      `$JS.API.STREAM.MSG.GET.${stream}`,
      `$JS.API.DIRECT.GET.${stream}`,
      `$JS.API.DIRECT.GET.${stream}.>`,
      `$JS.API.CONSUMER.CREATE.${stream}`,
      `$JS.API.CONSUMER.CREATE.${stream}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`,
      `$JS.API.CONSUMER.INFO.${stream}.>`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
      `$JS.API.CONSUMER.DELETE.${stream}.>`,
      `$JS.ACK.${stream}.>`,
      `$JS.FC.${stream}.>`,
    ]) allow.add(s);
  };
  for (const s of streamsOwnedBy(service)) {
    read(s.name);
    allow.add(`$JS.API.STREAM.UPDATE.${s.name}`);
  }
  for (const s of streamsReadBy(service)) read(s.name);
  for (const bucket of [...KV_WRITERS[service], ...KV_READERS[service]]) read(`KV_${bucket}`);
  for (const d of Object.values(DurableConsumers) as DurableConsumerSpec[]) {
    if (d.owner === service || !readable.has(d.stream)) continue;
    for (const verb of ['CREATE', 'DURABLE.CREATE', 'MSG.NEXT', 'DELETE']) {
      deny.add(`$JS.API.CONSUMER.${verb}.${d.stream}.${d.name}`);
      deny.add(`$JS.API.CONSUMER.${verb}.${d.stream}.${d.name}.>`);
    }
  }
  return { allow: [...allow].sort(), deny: [...deny].sort() };
}
