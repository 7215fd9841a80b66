import { z } from 'zod';
import { ConfigError } from '../errors';

/**
 * How many copies JetStream keeps of every stream and KV bucket: NATS_REPLICAS (1 by default, 3
 * on the 3-node cluster of deploy/nats/). One setting for every service, so all of them create
 * the same streams whoever starts first.
 */
export const NatsReplicas = z.coerce.number().int().min(1).max(5);

export function natsReplicas(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.NATS_REPLICAS;
  if (raw === undefined || raw === '') return 1;
  const parsed = NatsReplicas.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n  NATS_REPLICAS: expected a whole number from 1 to 5, got "${raw}"`, [{ path: 'NATS_REPLICAS', message: 'expected a whole number from 1 to 5' }]);
  return parsed.data;
}

/**
 * How long a JetStream API call may take. Creating a replicated stream elects a group on every
 * node, which on a busy cluster takes longer than a client's default 5 s; one server keeps the
 * connection's default (undefined).
 */
export function jetStreamApiTimeout(replicas: number): number | undefined {
  return replicas > 1 ? 30_000 : undefined;
}
