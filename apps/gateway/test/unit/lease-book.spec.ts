import { ConId } from '@arctrigger/contracts';
import { LeaseBook } from '../../src/market-data/lease-book';

const AAPL = ConId.parse(265598);
const MSFT = ConId.parse(272093);

describe('lease book', () => {
  it('lease book subscribes once per contract however many subscribers', () => {
    const book = new LeaseBook();
    expect(book.acquire('trigger-1', [AAPL], 10_000, 0).subscribe).toEqual([AAPL]);
    expect(book.acquire('order-1', [AAPL, MSFT], 10_000, 0).subscribe).toEqual([MSFT]);
    expect(book.subscribers(AAPL)).toEqual(['trigger-1', 'order-1']);
  });

  it('lease book cancels only when the last lease is released', () => {
    const book = new LeaseBook();
    book.acquire('a', [AAPL], 10_000, 0);
    book.acquire('b', [AAPL], 10_000, 0);
    expect(book.release('a', [AAPL])).toEqual({ subscribe: [], unsubscribe: [], released: [AAPL] });
    expect(book.release('b', [AAPL])).toEqual({ subscribe: [], unsubscribe: [AAPL], released: [AAPL] });
    expect(book.release('b', [AAPL]).released).toEqual([]);
  });

  it('lease book expires a lease not renewed within its TTL', () => {
    const book = new LeaseBook();
    book.acquire('crashed', [AAPL], 5_000, 0);
    book.acquire('alive', [MSFT], 5_000, 0);
    book.acquire('alive', [MSFT], 5_000, 4_000);
    expect(book.nextExpiry()).toBe(5_000);
    expect(book.expire(4_999).unsubscribe).toEqual([]);
    expect(book.expire(5_000).unsubscribe).toEqual([AAPL]);
    expect(book.contracts()).toEqual([MSFT]);
    expect(book.expire(9_000).unsubscribe).toEqual([MSFT]);
  });

  it('lease book keeps a contract while another subscriber still holds it after one expires', () => {
    const book = new LeaseBook();
    book.acquire('short', [AAPL], 1_000, 0);
    book.acquire('long', [AAPL], 60_000, 0);
    expect(book.expire(2_000).unsubscribe).toEqual([]);
    expect(book.subscribers(AAPL)).toEqual(['long']);
  });

  it('lease book renewal never shortens a lease', () => {
    const book = new LeaseBook();
    book.acquire('a', [AAPL], 60_000, 0);
    book.acquire('a', [AAPL], 1_000, 1_000);
    expect(book.nextExpiry()).toBe(60_000);
  });

  it('lease book counts new leases, not renewals, and expired ones', () => {
    const book = new LeaseBook();
    expect(book.acquire('a', [AAPL, MSFT], 5_000, 0).added).toBe(2);
    expect(book.acquire('a', [AAPL], 5_000, 1_000).added).toBe(0);
    expect(book.acquire('b', [AAPL], 5_000, 1_000).added).toBe(1);
    expect(book.expire(5_500)).toEqual({ subscribe: [], unsubscribe: [MSFT], expired: 1 });
  });

  it('lease book lists every lease by subscriber with the TTL it asked for', () => {
    const book = new LeaseBook();
    book.acquire('trigger-1', [AAPL, MSFT], 60_000, 0);
    book.acquire('order-1', [AAPL], 30_000, 0);
    expect(book.bySubscriber()).toEqual([
      { subscriberId: 'trigger-1', ttlMs: 60_000, conIds: [AAPL, MSFT] },
      { subscriberId: 'order-1', ttlMs: 30_000, conIds: [AAPL] },
    ]);
  });
});
