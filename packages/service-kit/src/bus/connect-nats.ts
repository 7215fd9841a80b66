import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface NatsConnectOptions {
  url: string;
  user?: string;
  password?: string;
  name: string;
  logger: Logger;
}

/**
 * Connects with unlimited reconnects (jittered) and logs every status change. The caller drains
 * the connection on shutdown.
 */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.url.split(','),
    name: options.name,
    ...(options.user ? { user: options.user, pass: options.password ?? '' } : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    reconnectJitter: 250,
    pingInterval: 10_000,
    waitOnFirstConnect: true,
    timeout: 5_000,
    // No Error (and stack capture) allocated up front for every request and flush: on the hot
    // path that is pure garbage; failures still carry their message and subject.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'ping' || status.type === 'update') continue;
      options.logger.info({ nats: status }, `nats ${status.type}`);
    }
  })();
  return nc;
}
