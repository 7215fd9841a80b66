import type { z } from 'zod';
import { decodeJson, type TypedKv } from '@arctrigger/service-kit';

export interface KvWatch {
  stop(): void;
}

/**
 * Follows later writes to a key (or `prefix.>`) so in-memory copies stay current when another
 * instance writes. Entries that do not match the schema are ignored (the writer validates them).
 */
export async function watchKv<S extends z.ZodType>(
  store: TypedKv<S>,
  schema: S,
  key: string,
  onValue: (value: z.output<S>) => void,
): Promise<KvWatch> {
  const watch = await store.kv.watch({ key, include: 'updates' });
  void (async () => {
    for await (const entry of watch) {
      if (entry.operation !== 'PUT') continue;
      const decoded = decodeJson(entry.value);
      const parsed = decoded.ok ? schema.safeParse(decoded.value) : undefined;
      if (parsed?.success) onValue(parsed.data);
    }
  })();
  return watch;
}
