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
