import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { StreamSpec } from '@arctrigger/contracts';
import { retryTransient } from './retry-transient';
import { jetStreamApiTimeout, natsReplicas } from './stream-replicas';

/**
 * Creates or updates the given streams so that they match their spec. Safe to call from every
 * instance at start: the result is the same whoever calls it first. Each stream keeps `replicas`
 * copies (NATS_REPLICAS, 1 by default).
 */
export async function ensureStreams(nc: NatsConnection, specs: readonly StreamSpec[], replicas = natsReplicas()): Promise<void> {
  await ensure(nc, specs, true, replicas);
}

/**
 * Creates the given streams when they do not exist yet, and leaves existing ones as they are: for
 * a service that reads a stream it does not own (its NATS user may create it, not change it).
 */
export async function ensureStreamsExist(nc: NatsConnection, specs: readonly StreamSpec[], replicas = natsReplicas()): Promise<void> {
  await ensure(nc, specs, false, replicas);
}

async function ensure(nc: NatsConnection, specs: readonly StreamSpec[], update: boolean, replicas: number): Promise<void> {
  const timeout = jetStreamApiTimeout(replicas);
  const jsm = await jetstreamManager(nc, timeout === undefined ? {} : { timeout });
  for (const spec of specs) {
    const config = {
      name: spec.name,
      subjects: [...spec.subjects],
      description: spec.description,
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(spec.maxAgeMs),
      duplicate_window: nanos(spec.duplicateWindowMs),
      num_replicas: replicas,
    };
    try {
      await jsm.streams.info(spec.name);
      if (update) await jsm.streams.update(spec.name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        // On a cluster that is still forming there may be no peers to place the replicas on yet.
        await retryTransient(() => jsm.streams.add(config));
      } catch (addError) {
        // Another instance created it between our info and add.
        if (!/already in use|exists/i.test(String(addError))) throw addError;
      }
    }
  }
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test(String((error as Error)?.message ?? error));
}
