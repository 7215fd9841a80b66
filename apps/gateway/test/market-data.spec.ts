import { Contracts, type FeedState, type MarketTick, type OptionChain } from '@arctrigger/contracts';
import { eventually } from '@arctrigger/testkit';
import { AAPL, GatewayHarness, SPY } from './support/gateway-harness';
import { OutMsg } from './support/tws-tap';

describe('gateway market data and look-ups (gateway process + tws-sim + nats-server)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await GatewayHarness.start();
    await h.reconciled();
  }, 60_000);
  afterAll(async () => h?.stop());

  const mktDataFor = (conId: number) => h.tap.of(OutMsg.REQ_MKT_DATA).filter((m) => m.fields.includes(String(conId)));

  it('gateway makes one TWS subscription for two subscribers and cancels it when both release', async () => {
    const ticks = await h.recorder(`md.tick.v1.${SPY}`);
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'trigger-1', conIds: [SPY], ttlMs: 30_000 });
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'order-1', conIds: [SPY], ttlMs: 30_000 });
    const tick = (await ticks.waitFor(() => true)).json as MarketTick;

    expect(mktDataFor(SPY)).toHaveLength(1);
    expect(tick).toMatchObject({ conId: SPY, seq: expect.any(Number), receivedAt: expect.any(Number) });
    const cancelsBefore = h.tap.of(OutMsg.CANCEL_MKT_DATA).length;
    await h.orders.request(Contracts.ReleaseMarketDataLease, { subscriberId: 'trigger-1', conIds: [SPY] });
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'order-1', conIds: [SPY], ttlMs: 30_000 });
    expect(h.tap.of(OutMsg.CANCEL_MKT_DATA).length).toBe(cancelsBefore);
    expect(await h.orders.request(Contracts.ReleaseMarketDataLease, { subscriberId: 'order-1', conIds: [SPY] })).toEqual({ ok: true, value: { released: [SPY] } });
    await eventually(() => h.tap.of(OutMsg.CANCEL_MKT_DATA).length === cancelsBefore + 1, { what: 'cancelMktData' });
  });

  it('gateway releases the market-data line of a subscriber that stops renewing after its TTL', async () => {
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'crashed', conIds: [AAPL], ttlMs: 1_000 });
    const cancelsBefore = h.tap.of(OutMsg.CANCEL_MKT_DATA).length;
    const startedAt = Date.now();
    await eventually(() => h.tap.of(OutMsg.CANCEL_MKT_DATA).length === cancelsBefore + 1, { timeoutMs: 5_000, what: 'lease expiry' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(800);
  });

  it('gateway answers a quote snapshot for a leased contract and NO_QUOTE for another', async () => {
    const ticks = await h.recorder(`md.tick.v1.${AAPL}`);
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'snap', conIds: [AAPL], ttlMs: 30_000 });
    await ticks.waitFor(() => true);
    expect(await h.orders.request(Contracts.QuoteSnapshot, { conId: AAPL })).toMatchObject({ ok: true, value: { conId: AAPL } });
    expect(await h.orders.request(Contracts.QuoteSnapshot, { conId: 4242 })).toMatchObject({ ok: false, code: 'NO_QUOTE' });
    await h.orders.request(Contracts.ReleaseMarketDataLease, { subscriberId: 'snap', conIds: [AAPL] });
  });

  it('gateway publishes stale and fresh feed flags from farm messages', async () => {
    const feeds = await h.recorder('gw.feed.v1');
    h.sim.faults.farmBroken('usfarm');
    await feeds.waitFor((m) => (m.json as FeedState).stale && (m.json as FeedState).code === 2103);
    h.sim.faults.farmOk('usfarm');
    const ok = (await feeds.waitFor((m) => !(m.json as FeedState).stale)).json as FeedState;
    expect(ok).toMatchObject({ feed: 'usfarm', code: 2104 });
  });

  it('gateway keeps ARCA listings in a symbol search', async () => {
    const reply = await h.orders.request(Contracts.SymbolSearch, { pattern: 'SPY' });
    expect(reply.ok && reply.value.matches).toEqual(expect.arrayContaining([expect.objectContaining({ conId: SPY, primaryExchange: 'ARCA' })]));
  });

  it('gateway lists strikes per expiry, qualifies an option and publishes its greeks', async () => {
    const chain = await h.orders.request(Contracts.OptionChain, { symbol: 'AAPL', underConId: AAPL });
    expect(chain.ok).toBe(true);
    const value = (chain as { value: OptionChain }).value;
    expect(value.expiries.length).toBeGreaterThan(1);
    const strikeSets = value.expiries.map((e) => e.strikes.join(','));
    expect(new Set(strikeSets).size).toBeGreaterThan(1);
    const { expiry, strikes } = value.expiries[0]!;
    const strike = strikes[Math.floor(strikes.length / 2)]!;
    const option = await h.orders.request(Contracts.QualifyContract, { secType: 'OPT', symbol: 'AAPL', expiry, strike, right: 'CALL' });
    expect(option).toMatchObject({ ok: true, value: { secType: 'OPT', expiry, strike, right: 'CALL', multiplier: 100, underConId: AAPL } });
    const conId = (option as { value: { conId: number; marketRuleIds: number[] } }).value;
    const rule = await h.orders.request(Contracts.MarketRule, { marketRuleId: conId.marketRuleIds[0]! });
    expect(rule).toMatchObject({ ok: true, value: { increments: expect.arrayContaining([expect.objectContaining({ lowEdge: 0 })]) } });

    const ticks = await h.recorder(`md.tick.v1.${conId.conId}`);
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'greeks', conIds: [conId.conId], ttlMs: 30_000 });
    const withGreeks = (await ticks.waitFor((m) => (m.json as MarketTick).greeks !== undefined)).json as MarketTick;
    expect(withGreeks.greeks).toMatchObject({ delta: expect.any(Number), impliedVol: expect.any(Number) });
    await h.orders.request(Contracts.ReleaseMarketDataLease, { subscriberId: 'greeks', conIds: [conId.conId] });
  });

  it('gateway coalesces identical concurrent look-ups into one TWS request and answers unknown ones clearly', async () => {
    const before = h.tap.of(OutMsg.REQ_CONTRACT_DATA).length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.orders.request(Contracts.QualifyContract, { secType: 'STK', symbol: 'SPY' })));
    expect(answers.every((a) => a.ok && a.value.conId === SPY)).toBe(true);
    expect(h.tap.of(OutMsg.REQ_CONTRACT_DATA).length - before).toBe(1);
    expect(await h.orders.request(Contracts.QualifyContract, { secType: 'STK', symbol: 'NOPE' })).toMatchObject({ ok: false, code: 'CONTRACT_NOT_FOUND' });
    expect(await h.orders.request(Contracts.OptionChain, { symbol: 'AAPL', underConId: AAPL, expiry: '20300101' })).toMatchObject({ ok: false, code: 'EXPIRY_NOT_FOUND' });
  });

  it('gateway sends a market-data subscription TWS refused with pacing error 100 again until ticks flow', async () => {
    const spyTicks = await h.recorder(`md.tick.v1.${SPY}`);
    const aaplTicks = await h.recorder(`md.tick.v1.${AAPL}`);
    const before = { spy: mktDataFor(SPY).length, aapl: mktDataFor(AAPL).length };
    // One message a second: of the two subscriptions sent together, TWS drops at least one with 100.
    h.sim.faults.pacingViolation(1);
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'paced', conIds: [SPY, AAPL], ttlMs: 30_000 });
    await eventually(() => mktDataFor(SPY).length - before.spy + mktDataFor(AAPL).length - before.aapl >= 3, { timeoutMs: 10_000, what: 'a refused subscription sent again' });
    h.sim.faults.pacingRestored();
    await spyTicks.waitFor(() => true);
    await aaplTicks.waitFor(() => true);
    await h.orders.request(Contracts.ReleaseMarketDataLease, { subscriberId: 'paced', conIds: [SPY, AAPL] });
  });
});
