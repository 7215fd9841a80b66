import { Kvm, KvWatchInclude, type KV } from '@nats-io/kv';
import { jetstream } from '@nats-io/jetstream';
import { jetStreamApiTimeout, natsReplicas } from './stream-replicas';
import { isWrongLastSequence } from './transient-errors';
import { retryTransient, TRANSIENT_RETRY_MS } from './retry-transient';
import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import type { KvBucketSpec } from '@arctrigger/contracts';
import { decodeJson, encodeJson } from '../bus/json-codec';
import { withAckedPublish } from './acked-publisher';
import { fieldIssues } from '../bus/field-issues';

export interface KvRecord<T> {
  value: T;
  revision: number;
}

/** A KV entry that exists but no longer matches its schema — a bug or a stale writer. */
export class CorruptKvEntryError extends Error {
  override readonly name = 'CorruptKvEntryError';
  constructor(
    readonly bucket: string,
    readonly key: string,
    detail: string,
  ) {
    super(`KV ${bucket}/${key} does not match its schema: ${detail}`);
  }
}

/** One change seen by a watch: `value` undefined when the key was deleted or purged. */
export interface KvChange<T> {
  key: string;
  value: T | undefined;
  revision: number;
}

export interface KvWatchOptions {
  /** A key or wildcard filter (`position.>`); the whole bucket when absent. */
  key?: string;
  /** `latest`: the current value of every key first, then changes (default); `updates`: changes only. */
  from?: 'latest' | 'updates';
  /** Called for an entry that does not match the schema; the entry is skipped. */
  onInvalid?: (key: string, error: CorruptKvEntryError) => void;
}

export interface RunningKvWatch {
  /**
   * With `from: 'latest'` over the whole bucket: resolves once every value that existed at start has
   * been delivered (with a key filter it can only be relied on when some matching key exists).
   */
  readonly loaded: Promise<void>;
  stop(): void;
}

export interface TypedKvOptions {
  /**
   * Validate each value against the schema before it is written (default true). A hot-path writer
   * whose values are built by typed code from already-validated input may turn it off: every read
   * still validates, so a bad write surfaces at its readers as a CorruptKvEntryError instead of
   * before it is stored, and the write costs only the JSON encoding.
   */
  validateWrites?: boolean;
  /**
   * How long a read or write keeps retrying transient failures (see retry-transient.ts). By default
   * a minute on a cluster (a bucket's leader killed is replaced within seconds) and none on one
   * server (it is down until restarted, and its callers already handle a failed call).
   */
  retryTransientMs?: number;
}

/** Outcome of a compare-and-set: `conflict` when someone else wrote first. */
export type CasResult = { ok: true; revision: number } | { ok: false; reason: 'conflict' };

/**
 * A KV bucket whose values are validated by a zod schema on read and (unless opened with
 * `validateWrites: false`) on write. `create` and `update` are compare-and-set: they return
 * `conflict` instead of overwriting someone else's write.
 */
export class TypedKv<S extends z.ZodType> {
  constructor(
    readonly kv: KV,
    readonly bucket: string,
    private readonly schema: S,
    private readonly options: TypedKvOptions = {},
  ) {}

  static async open<S extends z.ZodType>(nc: NatsConnection, spec: KvBucketSpec, schema: S, options: TypedKvOptions = {}): Promise<TypedKv<S>> {
    const replicas = natsReplicas();
    const timeout = jetStreamApiTimeout(replicas);
    const kvm = new Kvm(leanWrites(nc, timeout));
    const created = await kvm.create(spec.name, {
      history: spec.history,
      replicas,
      ...(spec.ttlMs > 0 ? { ttl: spec.ttlMs } : {}),
    });
    // On a cluster, reads go to the bucket's leader (not "direct" to any replica: a follower that
    // lags answers a key written a moment ago as absent or at an older revision), and reads and
    // writes use the client's 5 s answer time (the 30 s above is for creating the bucket): a write
    // lost with a killed leader is retried after 5 s, not 30.
    const kv = replicas > 1 ? await new Kvm(leanWrites(nc)).open(spec.name, { allow_direct: false }) : created;
    return new TypedKv(kv, spec.name, schema, { retryTransientMs: replicas > 1 ? TRANSIENT_RETRY_MS : 0, ...options });
  }

  /** The key's current value, read from the bucket's leader on a cluster (read-after-write holds). */
  async get(key: string): Promise<KvRecord<z.output<S>> | undefined> {
    const entry = await this.retrying(() => this.kv.get(key));
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return undefined;
    return { value: this.decode(key, entry.value), revision: entry.revision };
  }

  async put(key: string, value: z.input<S>): Promise<number> {
    const data = this.encode(value);
    return this.retrying(() => this.kv.put(key, data));
  }

  /** Writes only if the key does not exist (or was deleted). */
  async create(key: string, value: z.input<S>): Promise<CasResult> {
    const data = this.encode(value);
    return this.compareAndSet(key, data, () => this.kv.create(key, data));
  }

  /** Writes only if the key is still at `revision`. */
  async update(key: string, value: z.input<S>, revision: number): Promise<CasResult> {
    const data = this.encode(value);
    return this.compareAndSet(key, data, () => this.kv.update(key, data, revision));
  }

  async delete(key: string): Promise<void> {
    await this.retrying(() => this.kv.delete(key));
  }

  private retrying<T>(call: () => Promise<T>, onRetry?: () => void): Promise<T> {
    return retryTransient(call, onRetry, this.options.retryTransientMs ?? 0);
  }

  /**
   * A compare-and-set that survives a leader election: a write that got no answer is tried again;
   * when the retry finds the key changed, the change may be the first try's, stored after all: the
   * write succeeded if the key now holds exactly what we wrote. Otherwise someone else won.
   */
  private async compareAndSet(key: string, data: Uint8Array, write: () => Promise<number>): Promise<CasResult> {
    let uncertain = false;
    try {
      return { ok: true, revision: await this.retrying(write, () => (uncertain = true)) };
    } catch (error) {
      if (!isWrongLastSequence(error)) throw error;
      if (uncertain) {
        const now = await this.retrying(() => this.kv.get(key));
        if (now && now.operation === 'PUT' && sameBytes(now.value, data)) return { ok: true, revision: now.revision };
      }
      return { ok: false, reason: 'conflict' };
    }
  }

  async keys(filter?: string): Promise<string[]> {
    const out: string[] = [];
    for await (const k of await this.kv.keys(filter)) out.push(k);
    return out;
  }

  /** Every live entry (used at start to rebuild in-memory indexes). */
  async entries(filter?: string): Promise<Array<{ key: string } & KvRecord<z.output<S>>>> {
    const out: Array<{ key: string } & KvRecord<z.output<S>>> = [];
    for (const key of await this.keys(filter)) {
      const record = await this.get(key);
      if (record) out.push({ key, ...record });
    }
    return out;
  }

  /**
   * Follows a key, a filter or the whole bucket, delivering validated values in revision order so
   * in-memory copies stay current when any instance writes.
   */
  async watch(onChange: (change: KvChange<z.output<S>>) => void, options: KvWatchOptions = {}): Promise<RunningKvWatch> {
    const fromLatest = (options.from ?? 'latest') === 'latest';
    const empty = fromLatest ? (await this.kv.status()).values === 0 : true;
    const watch = await this.kv.watch({ ...(options.key ? { key: options.key } : {}), ...(fromLatest ? {} : { include: KvWatchInclude.UpdatesOnly }) });
    let markLoaded!: () => void;
    const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
    if (empty) markLoaded();
    void (async () => {
      for await (const entry of watch) {
        if (entry.operation === 'PUT' && entry.length > 0) {
          try {
            onChange({ key: entry.key, value: this.decode(entry.key, entry.value), revision: entry.revision });
          } catch (error) {
            if (!(error instanceof CorruptKvEntryError)) throw error;
            options.onInvalid?.(entry.key, error);
          }
        } else {
          onChange({ key: entry.key, value: undefined, revision: entry.revision });
        }
        if (entry.delta === 0) markLoaded();
      }
    })();
    return { loaded, stop: () => watch.stop() };
  }

  private encode(value: z.input<S>): Uint8Array {
    if (this.options.validateWrites === false) return encodeJson(value);
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) {
      throw new CorruptKvEntryError(this.bucket, '(write)', fieldIssues(parsed.error).map((i) => `${i.path}: ${i.message}`).join('; '));
    }
    return encodeJson(parsed.data);
  }

  private decode(key: string, data: Uint8Array): z.output<S> {
    const decoded = decodeJson(data);
    if (!decoded.ok) throw new CorruptKvEntryError(this.bucket, key, decoded.message);
    const parsed = this.schema.safeParse(decoded.value);
    if (!parsed.success) {
      throw new CorruptKvEntryError(this.bucket, key, fieldIssues(parsed.error).map((i) => `${i.path}: ${i.message}`).join('; '));
    }
    return parsed.data;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** A JetStream client whose writes (puts, compare-and-sets, deletes) are acknowledged through the connection's ReplyInbox. */
function leanWrites(nc: NatsConnection, timeout?: number) {
  return withAckedPublish(nc, jetstream(nc, timeout === undefined ? {} : { timeout }));
}
