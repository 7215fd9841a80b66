import { IbOrderId } from '@arctrigger/contracts';

/** Where the highest order id ever handed out survives a restart (KV bucket `gateway`). */
export interface HighWaterStore {
  load(): Promise<number | undefined>;
  save(highWater: number): Promise<void>;
}

/** An order id was asked for before TWS sent nextValidId on this connection. */
export class OrderIdsNotSeededError extends Error {
  override readonly name = 'OrderIdsNotSeededError';
  constructor() {
    super('order ids are not seeded: TWS has not sent nextValidId on this connection');
  }
}

/**
 * Allocates IB order ids: `max(nextValidId, persisted high-water + 1)`. TWS can roll nextValidId
 * back after a restart; the persisted high-water keeps ids unique across that. Ids are allocated
 * in memory (one allocator per process, never two concurrent `reqIds`) and the high-water is
 * persisted before the id leaves the gateway.
 */
export class OrderIdAllocator {
  private next: number | undefined;
  private highWater = 0;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HighWaterStore,
    /** Order ids stay below the request-id range. */
    private readonly ceiling: number,
  ) {}

  /** Reads the persisted high-water (call once at start). */
  async restore(): Promise<void> {
    this.highWater = Math.max(this.highWater, (await this.store.load()) ?? 0);
  }

  /** TWS sent nextValidId (on every connect, and after reqIds). */
  seed(nextValidId: number): void {
    this.next = Math.max(nextValidId, this.highWater + 1, this.next ?? 0);
  }

  /** Forgets the session's seed: after a disconnect ids wait for the next nextValidId. */
  unseed(): void {
    this.next = undefined;
  }

  get seeded(): boolean {
    return this.next !== undefined;
  }

  /** The next id, persisted as the new high-water before it is returned. */
  async allocate(): Promise<IbOrderId> {
    const { id, persisted } = this.take();
    await persisted;
    return id;
  }

  /**
   * The next id at once, with the save of the new high-water under way: the caller may do other
   * work meanwhile but must await `persisted` before the id leaves the gateway.
   */
  take(): { id: IbOrderId; persisted: Promise<void> } {
    if (this.next === undefined) throw new OrderIdsNotSeededError();
    const id = this.next++;
    if (id >= this.ceiling) throw new RangeError(`order id ${id} reached the request-id range at ${this.ceiling}`);
    this.highWater = Math.max(this.highWater, id);
    const target = this.highWater;
    // Saves are chained so a slower earlier save never overwrites a later, higher value.
    const save = this.saving.catch(() => undefined).then(() => this.store.save(target));
    this.saving = save;
    return { id: IbOrderId.parse(id), persisted: save };
  }

  get persistedHighWater(): number {
    return this.highWater;
  }
}
