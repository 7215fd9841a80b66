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
 * in memory (one allocator per process, never two concurrent `reqIds`) and a high-water at or
 * above the id is persisted before the id leaves the gateway. With `block` > 1 the high-water is
 * saved a block ahead (hi/lo), so most orders find their id already persisted and wait for no
 * write; a restart skips the rest of the block (IB needs increasing ids, not consecutive ones).
 */
export class OrderIdAllocator {
  private next: number | undefined;
  private highWater = 0;
  /** Highest id covered by the last save started, and by the last save confirmed. */
  private reservedUpTo = 0;
  private persistedUpTo = 0;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HighWaterStore,
    /** Order ids stay below the request-id range. */
    private readonly ceiling: number,
    /** Ids covered by one save of the high-water. */
    private readonly block = 1,
  ) {}

  /** Reads the persisted high-water (call once at start). */
  async restore(): Promise<void> {
    this.highWater = Math.max(this.highWater, (await this.store.load()) ?? 0);
    this.reservedUpTo = Math.max(this.reservedUpTo, this.highWater);
    this.persistedUpTo = Math.max(this.persistedUpTo, this.highWater);
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
   * The next id at once, with the save of a high-water covering it under way (or done): the
   * caller may do other work meanwhile but must await `persisted` before the id leaves the gateway.
   */
  take(): { id: IbOrderId; persisted: Promise<void> } {
    if (this.next === undefined) throw new OrderIdsNotSeededError();
    const id = this.next++;
    if (id >= this.ceiling) throw new RangeError(`order id ${id} reached the request-id range at ${this.ceiling}`);
    this.highWater = Math.max(this.highWater, id);
    if (id > this.reservedUpTo) {
      const target = Math.min(this.ceiling - 1, id + this.block - 1);
      this.reservedUpTo = target;
      // Saves are chained so a slower earlier save never overwrites a later, higher value.
      const save = this.saving.catch(() => undefined).then(() => this.store.save(target));
      // A failed save covers nothing: the next id saves again.
      save.then(
        () => void (this.persistedUpTo = Math.max(this.persistedUpTo, target)),
        () => void (this.reservedUpTo === target && (this.reservedUpTo = this.persistedUpTo)),
      );
      this.saving = save;
    }
    return { id: IbOrderId.parse(id), persisted: this.saving };
  }
}
