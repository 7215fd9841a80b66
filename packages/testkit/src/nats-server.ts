import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsDevPassword, type ServiceName } from '@arctrigger/contracts';
import { freePort } from './free-port';
import { repoRoot } from './repo-root';
import { NatsNode } from './nats-node';

export { natsServerBinary } from './nats-node';

export interface TestNatsServer {
  /** The URL(s) clients dial: one server, or every node of a cluster, comma-separated. */
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Copies JetStream keeps of every stream and bucket on this bus (NATS_REPLICAS). */
  readonly replicas: number;
  /** Connects as one of the service users (or admin) with its development password. */
  connectAs(user: ServiceName | 'admin', options?: { name?: string }): Promise<NatsConnection>;
  /** Environment a service process needs to reach this server as `user`. */
  envFor(user: ServiceName | 'admin'): Record<string, string>;
  /** Stops the server (SIGTERM, then SIGKILL). Keeps the store unless `removeStore`. */
  stop(options?: { removeStore?: boolean }): Promise<void>;
  /** Starts it again on the same port and store (JetStream state survives). */
  restart(): Promise<void>;
  /** kill -9, then starts again on the same port and store: JetStream recovers what it had written. */
  killAndRestart(): Promise<void>;
  /** Permission violations the server logged so far (one line each). */
  violations(): string[];
}

/** Connects to `servers` as `user` with its development password, reconnecting forever. */
export function connectTestUser(servers: string[], user: ServiceName | 'admin', name: string): Promise<NatsConnection> {
  return connect({ servers, user, pass: natsDevPassword(user), name, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
}

/** Environment for a service process: NATS_URL (every server, comma-separated), user, password, replicas. */
export function natsEnvFor(url: string, user: ServiceName | 'admin', replicas: number): Record<string, string> {
  return { NATS_URL: url, NATS_USER: user, NATS_PASSWORD: natsDevPassword(user), NATS_REPLICAS: String(replicas) };
}

/**
 * Starts a real nats-server with JetStream and the project's permissions (deploy/nats/nats.conf)
 * on a free port and a fresh store directory. Resolves once the server says it is ready.
 */
export async function startNatsServer(): Promise<TestNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'arctrigger-nats-'));
  const config = join(repoRoot(), 'deploy', 'nats', 'nats.conf');
  const node = new NatsNode('nats-server', port, storeDir, ['-c', config, '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, '--http_port', '0']);
  await node.start();
  const url = node.url;
  return {
    url,
    port,
    storeDir,
    replicas: 1,
    connectAs: (user, options = {}) => connectTestUser([url], user, options.name ?? `test-${user}`),
    envFor: (user) => natsEnvFor(url, user, 1),
    async stop(options = {}) {
      await node.stop();
      if (options.removeStore) node.removeStore();
    },
    async restart() {
      await node.stop();
      await node.start();
    },
    async killAndRestart() {
      await node.kill();
      await node.start();
    },
    violations: () => [...node.violations],
  };
}
