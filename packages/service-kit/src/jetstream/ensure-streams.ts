import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { StreamSpec } from '@arctrigger/contracts';

/**
 * Creates or updates the given streams so that they match their spec. Safe to call from every
 * instance at start: the result is the same whoever calls it first.
 */
export async function ensureStreams(nc: NatsConnection, specs: readonly StreamSpec[]): Promise<void> {
  await ensure(nc, specs, true);
}

/**
 * Creates the given streams when they do not exist yet, and leaves existing ones as they are: for
 * a service that reads a stream it does not own (its NATS user may create it, not change it).
 */
export async function ensureStreamsExist(nc: NatsConnection, specs: readonly StreamSpec[]): Promise<void> {
  await ensure(nc, specs, false);
}

async function ensure(nc: NatsConnection, specs: readonly StreamSpec[], update: boolean): Promise<void> {
  const jsm = await jetstreamManager(nc);
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
      num_replicas: 1,
    };
    try {
      await jsm.streams.info(spec.name);
      if (update) await jsm.streams.update(spec.name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await jsm.streams.add(config);
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
