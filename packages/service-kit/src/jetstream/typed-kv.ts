import { Kvm, KvWatchInclude, type KV } from '@nats-io/kv';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { jetStreamApiTimeout, natsReplicas } from './stream-replicas';
import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import type { KvBucketSpec } from '@arctrigger/contracts';
import { decodeJson, encodeJson } from '../bus/json-codec';
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
   * Set by `open`: the connection and the bucket's history. A whole-bucket watch of a bucket that
   * keeps one value per key reads the bucket's stream from its start (every message is some key's
   * current value) instead of asking the server for the last message per subject, which nats-server
   * 2.9 serves several times slower (100,000 keys: minutes instead of seconds).
   */
  direct?: { nc: NatsConnection; history: number };
  /**
   * Validate each value against the schema before it is written (default true). A hot-path writer
   * whose values are built by typed code from already-validated input may turn it off: every read
   * still validates, so a bad write surfaces at its readers as a CorruptKvEntryError instead of
   * before it is stored, and the write costs only the JSON encoding.
   */
  validateWrites?: boolean;
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
    const kvm = new Kvm(timeout === undefined ? nc : jetstream(nc, { timeout }));
    const kv = await kvm.create(spec.name, {
      history: spec.history,
      replicas,
      ...(spec.ttlMs > 0 ? { ttl: spec.ttlMs } : {}),
    });
    return new TypedKv(kv, spec.name, schema, { ...options, direct: { nc, history: spec.history } });
  }

  async get(key: string): Promise<KvRecord<z.output<S>> | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return undefined;
    return { value: this.decode(key, entry.value), revision: entry.revision };
  }

  async put(key: string, value: z.input<S>): Promise<number> {
    return this.kv.put(key, this.encode(value));
  }

  /** Writes only if the key does not exist (or was deleted). */
  async create(key: string, value: z.input<S>): Promise<CasResult> {
    try {
      return { ok: true, revision: await this.kv.create(key, this.encode(value)) };
    } catch (error) {
      if (isWrongSequence(error)) return { ok: false, reason: 'conflict' };
      throw error;
    }
  }

  /** Writes only if the key is still at `revision`. */
  async update(key: string, value: z.input<S>, revision: number): Promise<CasResult> {
    try {
      return { ok: true, revision: await this.kv.update(key, this.encode(value), revision) };
    } catch (error) {
      if (isWrongSequence(error)) return { ok: false, reason: 'conflict' };
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
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
    const direct = this.options.direct;
    if (fromLatest && !options.key && direct?.history === 1) return this.watchWholeStream(direct.nc, onChange, options);
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

  /**
   * A whole-bucket watch of a one-value-per-key bucket: an ordered consumer over the bucket's stream
   * from its first message (each message still stored is some key's current value or its delete
   * marker), in revision order, then every change as it is written.
   */
  private async watchWholeStream(nc: NatsConnection, onChange: (change: KvChange<z.output<S>>) => void, options: KvWatchOptions): Promise<RunningKvWatch> {
    const stream = `KV_${this.bucket}`;
    const prefix = `$KV.${this.bucket}.`;
    const empty = (await this.kv.status()).values === 0;
    const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    const messages = await consumer.consume({ max_messages: 1000 });
    let markLoaded!: () => void;
    const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
    if (empty) markLoaded();
    void (async () => {
      for await (const m of messages) {
        const key = m.subject.slice(prefix.length);
        const operation = m.headers?.get('KV-Operation');
        if (!operation && m.data.length > 0) {
          try {
            onChange({ key, value: this.decode(key, m.data), revision: m.seq });
          } catch (error) {
            if (!(error instanceof CorruptKvEntryError)) throw error;
            options.onInvalid?.(key, error);
          }
        } else {
          onChange({ key, value: undefined, revision: m.seq });
        }
        if (m.info.pending === 0) markLoaded();
      }
    })();
    return { loaded, stop: () => void messages.close() };
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

function isWrongSequence(error: unknown): boolean {
  return /wrong last sequence|key exists|10071/i.test(String((error as Error)?.message ?? error));
}
