import { fail, ok, type Reply } from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import { LookupCache } from '../../src/lookups/lookup-cache';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('lookup cache', () => {
  it('lookup cache coalesces concurrent identical look-ups into one load', async () => {
    const cache = new LookupCache(new ManualClock(0), 60_000);
    const d = deferred<Reply<number>>();
    const load = jest.fn(() => d.promise);
    const all = Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    d.resolve(ok(42));
    expect(await all).toEqual([ok(42), ok(42), ok(42)]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('lookup cache answers from cache within the TTL and loads again after it', async () => {
    const clock = new ManualClock(0);
    const cache = new LookupCache(clock, 1_000);
    let n = 0;
    const load = async () => ok(++n);
    expect(await cache.get('k', load)).toEqual(ok(1));
    clock.advance(999);
    expect(await cache.get('k', load)).toEqual(ok(1));
    clock.advance(1);
    expect(await cache.get('k', load)).toEqual(ok(2));
  });

  it('lookup cache never caches a timeout but caches a definite not-found', async () => {
    const cache = new LookupCache(new ManualClock(0), 60_000, new Set(['CONTRACT_NOT_FOUND']));
    const timeout = jest.fn(async () => fail('LOOKUP_TIMEOUT', 'no answer'));
    await cache.get('a', timeout);
    await cache.get('a', timeout);
    expect(timeout).toHaveBeenCalledTimes(2);
    const missing = jest.fn(async () => fail('CONTRACT_NOT_FOUND', 'none'));
    await cache.get('b', missing);
    await cache.get('b', missing);
    expect(missing).toHaveBeenCalledTimes(1);
  });
});
