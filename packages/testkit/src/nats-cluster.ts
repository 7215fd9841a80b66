import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { freePort } from './free-port';
import { repoRoot } from './repo-root';
import { NatsNode } from './nats-node';
import { connectTestUser, natsEnvFor, type TestNatsServer } from './nats-server';

export interface TestNatsCluster extends TestNatsServer {
  /** The nodes, in start order (node i has name `arctrigger-<i+1>`). */
  readonly nodes: readonly NatsNode[];
  /** The node that leads `stream` right now (asked through `nc`). */
  streamLeader(nc: NatsConnection, stream: string): Promise<NatsNode | undefined>;
}

/**
 * A 3-node JetStream cluster with the project's users (deploy/nats/cluster.conf), each node on
 * free client and cluster ports and its own store. Services get every node's URL and
 * NATS_REPLICAS=3, so each stream and bucket lives on all three.
 */
export async function startNatsCluster(size = 3): Promise<TestNatsCluster> {
  const root = mkdtempSync(join(tmpdir(), 'arctrigger-nats-cluster-'));
  const config = join(repoRoot(), 'deploy', 'nats', 'cluster.conf');
  const ports = await Promise.all(Array.from({ length: size }, async () => ({ client: await freePort(), cluster: await freePort() })));
  const routes = ports.map((p) => `nats://127.0.0.1:${p.cluster}`).join(',');
  const nodes = ports.map((p, i) => {
    const name = `arctrigger-${i + 1}`;
    const storeDir = join(root, name);
    mkdirSync(storeDir, { recursive: true });
    const args = ['-c', config, '-n', name, '-a', '127.0.0.1', '-p', String(p.client), '-sd', storeDir, '--cluster', `nats://127.0.0.1:${p.cluster}`, '--routes', routes];
    return new NatsNode(name, p.client, storeDir, args);
  });
  await Promise.all(nodes.map((n) => n.start()));
  const servers = nodes.map((n) => n.url);
  const url = servers.join(',');
  const cluster: TestNatsCluster = {
    url,
    port: nodes[0]!.port,
    storeDir: root,
    replicas: size,
    nodes,
    connectAs: (user, options = {}) => connectTestUser(servers, user, options.name ?? `test-${user}`),
    envFor: (user) => natsEnvFor(url, user, size),
    async stop(options = {}) {
      await Promise.all(nodes.map((n) => n.stop()));
      if (options.removeStore) for (const n of nodes) n.removeStore();
    },
    async restart() {
      for (const n of nodes) await n.stop();
      await Promise.all(nodes.map((n) => n.start()));
    },
    async killAndRestart() {
      for (const n of nodes) await n.kill();
      await Promise.all(nodes.map((n) => n.start()));
    },
    violations: () => nodes.flatMap((n) => n.violations),
    async streamLeader(nc, stream) {
      const info = await (await jetstreamManager(nc)).streams.info(stream);
      return nodes.find((n) => n.name === info.cluster?.leader);
    },
  };
  await waitForMetaLeader(cluster);
  return cluster;
}

/** Resolves once the cluster has elected its JetStream meta leader (streams can be created). */
async function waitForMetaLeader(cluster: TestNatsCluster): Promise<void> {
  const nc = await cluster.connectAs('admin', { name: 'cluster-ready' });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await (await jetstreamManager(nc)).getAccountInfo();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`nats cluster: no JetStream meta leader within 30 s: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await nc.close();
  }
}
