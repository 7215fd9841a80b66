import { Contracts, type MarketTick } from '@arctrigger/contracts';
import { AAPL, GatewayHarness } from './support/gateway-harness';
import { OutMsg } from './support/tws-tap';

describe('gateway smoke', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await GatewayHarness.start();
  }, 60_000);
  afterAll(async () => h?.stop());

  it('gateway connects and publishes ticks for a leased contract', async () => {
    const ticks = h.recorder(`md.tick.v1.${AAPL}`);
    const lease = await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'smoke', conIds: [AAPL], ttlMs: 10_000 });
    expect(lease.ok).toBe(true);
    const tick = await ticks.waitFor(() => true);
    expect((tick.json as MarketTick).conId).toBe(AAPL);
    expect(h.tap.of(OutMsg.REQ_MKT_DATA)).toHaveLength(1);
    const q = await h.orders.request(Contracts.QualifyContract, { secType: 'STK', symbol: 'AAPL' });
    expect(q).toMatchObject({ ok: true, value: { conId: AAPL } });
  });
});
