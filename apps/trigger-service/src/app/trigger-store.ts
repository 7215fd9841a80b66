import { KvBuckets } from '@arctrigger/contracts';
import { TypedKv, type CasResult, type KvRecord } from '@arctrigger/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { TriggerStatus } from '@arctrigger/contracts';
import { TriggerRecord } from './trigger-record';

export type StoredTrigger = KvRecord<TriggerRecord>;
export type RecordListener = (id: string, stored: StoredTrigger | undefined) => void;

/**
 * The triggers KV bucket: the system of record. Every instance watches the whole bucket and keeps
 * the latest record per trigger in memory (for list, for ownership changes, for recovery); the
 * watch also tells the partition owner about arms, modifies and disarms made by any instance.
 * Every write is a compare-and-set on the KV revision.
 */
export class TriggerStore {
  /** The latest record per trigger id. Change it only through `set`/`forget` (the indexes below follow it). */
  readonly records = new Map<string, StoredTrigger>();
  /** Trigger ids per instrument: a partition's triggers are found without scanning every record. */
  readonly idsByConId = new Map<number, Set<string>>();
  /** Armed triggers with an expiry: what the heartbeat looks at to expire, not the whole bucket. */
  readonly expiringIds = new Set<string>();
  /** Fired triggers whose fired event is not known published: what the heartbeat republishes. */
  readonly unpublishedFireIds = new Set<string>();
  private readonly listeners: RecordListener[] = [];
  /** Revisions this instance wrote and already put in `records`, awaiting their watch echo. */
  private readonly ownWrites = new Map<string, number>();
  private stopWatch?: () => void;

  private constructor(
    private readonly kv: TypedKv<typeof TriggerRecord>,
    private readonly logger: Logger,
  ) {}

  static async open(nc: NatsConnection, logger: Logger): Promise<TriggerStore> {
    // Records are built from validated commands and ticks; a fire's compare-and-set should cost only
    // the JSON encoding. Every read and the watch still validate.
    return new TriggerStore(await TypedKv.open(nc, KvBuckets.TRIGGERS, TriggerRecord, { validateWrites: false }), logger);
  }

  onChange(listener: RecordListener): void {
    this.listeners.push(listener);
  }

  /** Starts the watch; resolves once every record that existed at start is loaded. */
  async start(): Promise<void> {
    const watch = await this.kv.watch((change) => this.apply(change.key, change.value && { value: change.value, revision: change.revision }), {
      onInvalid: (key, error) => this.logger.error({ err: error, key }, 'corrupt trigger record ignored'),
    });
    this.stopWatch = () => watch.stop();
    await watch.loaded;
  }

  stop(): void {
    this.stopWatch?.();
  }

  /** Reads straight from KV (not the watched copy): the revision a compare-and-set needs. */
  get(id: string): Promise<StoredTrigger | undefined> {
    return this.kv.get(id);
  }

  async create(record: TriggerRecord): Promise<CasResult> {
    return this.remember(record, await this.kv.create(record.triggerId, record));
  }

  async update(record: TriggerRecord, revision: number): Promise<CasResult> {
    return this.remember(record, await this.kv.update(record.triggerId, record, revision));
  }

  /**
   * Read-your-writes: a successful write is visible in `records` at once (a list right after a
   * fire shows it fired); listeners still hear of it from the watch echo, as of any other write.
   */
  private remember(record: TriggerRecord, result: CasResult): CasResult {
    if (!result.ok) return result;
    const known = this.records.get(record.triggerId);
    if (!known || known.revision < result.revision) {
      this.set(record.triggerId, { value: record, revision: result.revision });
      this.ownWrites.set(record.triggerId, result.revision);
    }
    return result;
  }

  private apply(id: string, stored: StoredTrigger | undefined): void {
    const known = this.records.get(id);
    const ownEcho = stored !== undefined && this.ownWrites.get(id) === stored.revision;
    if (ownEcho) this.ownWrites.delete(id);
    if (stored && known && !ownEcho && known.revision >= stored.revision) return;
    if (stored && known && ownEcho && known.revision > stored.revision) return;
    if (stored) this.set(id, stored);
    else this.forget(id);
    for (const l of this.listeners) l(id, stored);
  }

  private set(id: string, stored: StoredTrigger): void {
    const before = this.records.get(id)?.value;
    if (before && before.conId !== stored.value.conId) this.idsByConId.get(before.conId)?.delete(id);
    this.records.set(id, stored);
    const r = stored.value;
    let ids = this.idsByConId.get(r.conId);
    if (!ids) this.idsByConId.set(r.conId, (ids = new Set()));
    ids.add(id);
    if (r.status === TriggerStatus.ARMED && r.expiresAt !== undefined) this.expiringIds.add(id);
    else this.expiringIds.delete(id);
    if (r.status === TriggerStatus.FIRED && !r.firedPublished) this.unpublishedFireIds.add(id);
    else this.unpublishedFireIds.delete(id);
  }

  private forget(id: string): void {
    const before = this.records.get(id)?.value;
    this.records.delete(id);
    if (before) {
      const ids = this.idsByConId.get(before.conId);
      ids?.delete(id);
      if (ids?.size === 0) this.idsByConId.delete(before.conId);
    }
    this.expiringIds.delete(id);
    this.unpublishedFireIds.delete(id);
  }
}
