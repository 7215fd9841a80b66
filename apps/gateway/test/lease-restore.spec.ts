import { Contracts, KvBuckets, type ConnectionState } from '@arctrigger/contracts';
import { TypedKv } from '@arctrigger/service-kit';
import { MARKET_DATA_LEASES_KEY, MarketDataLeasesRecord } from '../src/market-data/lease-journal';
import { AAPL, GatewayHarness, SPY } from './support/gateway-harness';
import { OutMsg } from './support/tws-tap';

describe('gateway market-data leases across a gateway crash (gateway process killed and restarted + tws-sim + nats-server)', () => {
  let h: GatewayHarness;
  let leases: TypedKv<typeof MarketDataLeasesRecord>;
  beforeAll(async () => {
    h = await GatewayHarness.start();
    await h.reconciled();
    leases = await TypedKv.open(h.admin, KvBuckets.GATEWAY, MarketDataLeasesRecord);
  }, 60_000);
  afterAll(async () => h?.stop());

  const mktDataFor = (conId: number) => h.tap.of(OutMsg.REQ_MKT_DATA).filter((m) => m.fields.includes(String(conId)));

  it('gateway stores a lease when it is granted and not again when it is renewed', async () => {
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'renewer', conIds: [SPY], ttlMs: 60_000 });
    const granted = await leases.get(MARKET_DATA_LEASES_KEY);
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'renewer', conIds: [SPY], ttlMs: 60_000 });
    const renewed = await leases.get(MARKET_DATA_LEASES_KEY);
    await h.orders.request(Contracts.ReleaseMarketDataLease, { subscriberId: 'renewer', conIds: [SPY] });

    expect(granted?.value.subscribers).toContainEqual({ subscriberId: 'renewer', ttlMs: 60_000, conIds: [SPY] });
    expect(renewed?.revision).toBe(granted?.revision);
  });

  it('gateway killed with kill -9 subscribes a leased contract again as soon as TWS is back, with no renewal from the lessee, and answers about it', async () => {
    const ticks = await h.recorder(`md.tick.v1.${AAPL}`);
    // A TTL of a minute: the lessee's next renewal (a third of it) is far beyond this test.
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'lessee', conIds: [AAPL], ttlMs: 60_000 });
    await ticks.waitFor(() => true);
    const acquires = await h.recorder('gw.md.lease.v1');
    await h.gateway.kill();
    const requestsBefore = mktDataFor(AAPL).length;

    const from = h.conn.messages.length;
    await h.startGateway();
    const connected = h.conn.messages.slice(from).find((m) => (m.json as ConnectionState).status === 'connected')!;
    const connectedAt = (connected.json as ConnectionState).at;
    const ticksBefore = ticks.messages.length;
    const tick = await ticks.waitFor((m) => ticks.messages.indexOf(m) >= ticksBefore);
    const tickAt = (tick.json as { receivedAt: number }).receivedAt;
    // Whoever hears the restarted gateway's first tick can already ask it about the contract.
    const quote = await h.orders.request(Contracts.QuoteSnapshot, { conId: AAPL });

    expect(acquires.messages).toHaveLength(0);
    expect(mktDataFor(AAPL).length).toBe(requestsBefore + 1);
    expect(tickAt - connectedAt).toBeLessThan(2_000);
    expect(quote).toMatchObject({ ok: true, value: { conId: AAPL } });
    await h.orders.request(Contracts.ReleaseMarketDataLease, { subscriberId: 'lessee', conIds: [AAPL] });
  });
});
