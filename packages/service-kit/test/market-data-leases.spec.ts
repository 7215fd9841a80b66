import { Contracts, type AcquireMarketDataLease, type ReleaseMarketDataLease } from '@arctrigger/contracts';
import { MarketDataLeases } from '../src/market-data/market-data-leases';
import { ManualClock } from '../src/clock/manual-clock';
import { BusFixture } from './bus-fixture';

describe('market data leases', () => {
  let fx: BusFixture;
  beforeAll(async () => (fx = await BusFixture.start()));
  afterAll(async () => fx.stop());

  it('market data leases acquire, renew at a third of the TTL, release, and retry what a missing gateway did not answer', async () => {
    const clock = new ManualClock(1_000_000);
    const trigger = await fx.bus('trigger-service');
    const leases = new MarketDataLeases(trigger, clock, 'trg-a', 30_000);
    leases.want(1);
    leases.want(2);

    await leases.beat(); // no gateway yet: nothing granted, nothing lost
    const gateway = await fx.bus('gateway');
    const acquired: AcquireMarketDataLease[] = [];
    const released: ReleaseMarketDataLease[] = [];
    const acquireSub = gateway.reply(Contracts.AcquireMarketDataLease, (req) => {
      acquired.push(req);
      return { ok: true as const, value: { leases: req.conIds.map((conId) => ({ conId, expiresAt: 0 })) } };
    });
    const releaseSub = gateway.reply(Contracts.ReleaseMarketDataLease, (req) => {
      released.push(req);
      return { ok: true as const, value: { released: req.conIds } };
    });
    await gateway.nc.flush();

    await leases.beat();
    leases.want(3);
    await leases.beat();
    clock.advance(10_000);
    await leases.beat();
    leases.unwant(1);
    await leases.beat();
    acquireSub.unsubscribe();
    releaseSub.unsubscribe();

    expect(acquired.map((a) => [...a.conIds].sort())).toEqual([[1, 2], [3], [1, 2, 3]]);
    expect(acquired.every((a) => a.subscriberId === 'trg-a' && a.ttlMs === 30_000)).toBe(true);
    expect(released.map((r) => r.conIds)).toEqual([[1]]);
    expect(leases.held().sort()).toEqual([2, 3]);
  });

  it('market data leases run a beat asked for during another one right after it', async () => {
    const clock = new ManualClock(0);
    const orders = await fx.bus('order-service');
    const gateway = await fx.bus('gateway');
    const acquired: number[][] = [];
    gateway.reply(Contracts.AcquireMarketDataLease, (req) => {
      acquired.push([...req.conIds]);
      return { ok: true as const, value: { leases: [] } };
    });
    await gateway.nc.flush();
    const leases = new MarketDataLeases(orders, clock, 'ord', 60_000);

    leases.want(10);
    const first = leases.beat();
    leases.want(11);
    void leases.beat(); // in flight: must not wait for the renewal
    await first;

    expect(acquired).toEqual([[10], [11]]);
  });
});
