import { OrderIdAllocator, OrderIdsNotSeededError, type HighWaterStore } from '../../src/ids/order-id-allocator';
import { REQUEST_ID_BASE, RequestIds } from '../../src/ids/request-ids';

class MemoryStore implements HighWaterStore {
  value: number | undefined;
  saves: number[] = [];
  async load() {
    return this.value;
  }
  async save(n: number) {
    this.saves.push(n);
    this.value = n;
  }
}

describe('order-id allocator', () => {
  it('allocator starts at nextValidId when nothing was persisted', async () => {
    const ids = new OrderIdAllocator(new MemoryStore(), REQUEST_ID_BASE);
    await ids.restore();
    ids.seed(100);
    expect([await ids.allocate(), await ids.allocate()]).toEqual([100, 101]);
  });

  it('allocator continues above the persisted high-water when TWS rolls nextValidId back', async () => {
    const store = new MemoryStore();
    const first = new OrderIdAllocator(store, REQUEST_ID_BASE);
    await first.restore();
    first.seed(1);
    for (let i = 0; i < 5; i++) await first.allocate();
    const restarted = new OrderIdAllocator(store, REQUEST_ID_BASE);
    await restarted.restore();
    restarted.seed(1);
    expect(await restarted.allocate()).toBe(6);
    expect(store.value).toBe(6);
  });

  it('allocator follows nextValidId when it is ahead of the high-water', async () => {
    const store = new MemoryStore();
    store.value = 10;
    const ids = new OrderIdAllocator(store, REQUEST_ID_BASE);
    await ids.restore();
    ids.seed(500);
    expect(await ids.allocate()).toBe(500);
  });

  it('allocator refuses to allocate before it is seeded on a connection', async () => {
    const ids = new OrderIdAllocator(new MemoryStore(), REQUEST_ID_BASE);
    await expect(ids.allocate()).rejects.toBeInstanceOf(OrderIdsNotSeededError);
    ids.seed(3);
    ids.unseed();
    await expect(ids.allocate()).rejects.toBeInstanceOf(OrderIdsNotSeededError);
  });

  it('allocator hands out distinct ids to concurrent callers and persists the highest', async () => {
    const store = new MemoryStore();
    const ids = new OrderIdAllocator(store, REQUEST_ID_BASE);
    ids.seed(1);
    const got = await Promise.all(Array.from({ length: 20 }, () => ids.allocate()));
    expect(new Set(got).size).toBe(20);
    expect(store.value).toBe(20);
  });

  it('allocator with a block saves the high-water a block ahead: one save per block, each id covered before it is handed out', async () => {
    const store = new MemoryStore();
    const ids = new OrderIdAllocator(store, REQUEST_ID_BASE, 10);
    ids.seed(1);
    for (let i = 0; i < 25; i++) {
      const id = await ids.allocate();
      expect(store.value).toBeGreaterThanOrEqual(id);
    }
    expect(store.saves).toEqual([10, 20, 30]);
    const restarted = new OrderIdAllocator(store, REQUEST_ID_BASE, 10);
    await restarted.restore();
    restarted.seed(1);
    expect(await restarted.allocate()).toBe(31); // the rest of the block is skipped, never reused
  });

  it('allocator with a block never reserves into the request-id range', async () => {
    const store = new MemoryStore();
    const ids = new OrderIdAllocator(store, 15, 10);
    ids.seed(12);
    expect(await ids.allocate()).toBe(12);
    expect(store.saves).toEqual([14]);
  });

  it('allocator treats a failed save as covering nothing: the ids it was for are refused and the next id saves again', async () => {
    const store = new MemoryStore();
    let failNext = true;
    const flaky: HighWaterStore = {
      load: () => store.load(),
      save: async (n) => {
        if (failNext) {
          failNext = false;
          throw new Error('KV unavailable');
        }
        await store.save(n);
      },
    };
    const ids = new OrderIdAllocator(flaky, REQUEST_ID_BASE, 10);
    ids.seed(1);
    await expect(ids.allocate()).rejects.toThrow('KV unavailable');
    await expect(ids.allocate()).resolves.toBe(2);
    expect(store.saves).toEqual([11]);
  });

  it('allocator never hands out an id in the request-id range', async () => {
    const ids = new OrderIdAllocator(new MemoryStore(), 10);
    ids.seed(10);
    await expect(ids.allocate()).rejects.toThrow(RangeError);
  });

  it('request ids start in their own range, above any order id', () => {
    const req = new RequestIds();
    expect(req.allocate()).toBe(REQUEST_ID_BASE);
    expect(RequestIds.isRequestId(REQUEST_ID_BASE + 1)).toBe(true);
    expect(RequestIds.isRequestId(7)).toBe(false);
  });
});
