import { ConId } from '@arctrigger/contracts';
import { createLogger, type TypedKv } from '@arctrigger/service-kit';
import type { SubscriberLeases } from '../../src/market-data/lease-book';
import { LeaseJournal, MARKET_DATA_LEASES_KEY, type MarketDataLeasesRecord } from '../../src/market-data/lease-journal';

/** A KV whose puts wait until the test releases them, so writes can be caught in flight. */
function slowKv() {
  const puts: Array<{ key: string; value: MarketDataLeasesRecord; done: () => void }> = [];
  const kv = {
    put: (key: string, value: MarketDataLeasesRecord) => new Promise<number>((resolve) => puts.push({ key, value, done: () => resolve(puts.length) })),
    get: () => Promise.resolve(undefined),
  };
  return { kv: kv as unknown as TypedKv<typeof MarketDataLeasesRecord>, puts };
}

const logger = createLogger({ service: 'gateway', instanceId: 'test', level: 'silent' });
const lease = (subscriberId: string, conId: number): SubscriberLeases => ({ subscriberId, ttlMs: 60_000, conIds: [ConId.parse(conId)] });

describe('lease journal', () => {
  it('lease journal coalesces the changes made while a write is in flight into one next write of the latest book', async () => {
    const { kv, puts } = slowKv();
    let book = [lease('a', 1)];
    const journal = new LeaseJournal(kv, () => book, () => 7, logger);

    const first = journal.changed();
    await Promise.resolve();
    book = [lease('a', 1), lease('b', 2)];
    const second = journal.changed();
    book = [lease('a', 1), lease('b', 2), lease('c', 3)];
    const third = journal.changed();
    puts[0]!.done();
    await first;
    await new Promise((r) => setImmediate(r));
    puts[1]!.done();
    await Promise.all([second, third]);

    expect(second).toBe(third);
    expect(puts.map((p) => p.key)).toEqual([MARKET_DATA_LEASES_KEY, MARKET_DATA_LEASES_KEY]);
    expect(puts[0]!.value.subscribers.map((s) => s.subscriberId)).toEqual(['a']);
    expect(puts[1]!.value).toEqual({ subscribers: book, at: 7 });
    expect(journal.writes).toBe(2);
  });

  it('lease journal restores nothing when no leases were stored', async () => {
    const { kv } = slowKv();
    const journal = new LeaseJournal(kv, () => [], () => 0, logger);
    expect(await journal.restore()).toEqual([]);
  });
});
