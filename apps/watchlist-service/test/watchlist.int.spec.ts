import { Contracts, type Watchlist, type WatchlistEntrySpec } from '@arctrigger/contracts';
import { eventually } from '@arctrigger/testkit';
import { AAPL_CONID, optionConId } from './support/gateway-actor';
import { WatchlistFixture } from './support/watchlist-fixture';

/** Tuesday 2026-11-24, 08:30 US/Eastern: premarket, half an hour before the 09:00 resolution. */
const PREMARKET = '2026-11-24T13:30:00Z';
const AT_NINE = Date.parse('2026-11-24T14:00:00Z');
const owner = 'alice@desk';

const atm = (over: Partial<WatchlistEntrySpec> = {}): WatchlistEntrySpec => ({
  symbol: 'AAPL', expiries: ['next'], strikes: { mode: 'atm', width: 1 }, rights: ['CALL', 'PUT'], ...over,
});

describe('watchlist-service', () => {
  let fx: WatchlistFixture;

  beforeEach(async () => {
    fx = await WatchlistFixture.start(PREMARKET);
  });
  afterEach(async () => {
    await fx.stop();
  });

  const put = (entry: WatchlistEntrySpec, who = owner) => fx.console.request(Contracts.PutWatchlistEntry, { owner: who, entry });
  const get = async (who = owner): Promise<Watchlist> => {
    const reply = await fx.console.request(Contracts.GetWatchlist, { owner: who });
    if (!reply.ok) throw new Error(reply.message);
    return reply.value;
  };

  it('put resolves an ATM ± 1 entry: next expiry, three strikes around the price, both rights qualified and their quotes leased', async () => {
    const reply = await put(atm());
    expect(reply.ok).toBe(true);
    const entry = (await get()).entries[0]!;
    expect(entry.resolution).toMatchObject({ status: 'resolved', underConId: AAPL_CONID, price: 231.1, expiries: ['20261127'], error: null });
    expect(entry.resolution.options.map((o) => `${o.strike}${o.right[0]}`)).toEqual(['227.5C', '227.5P', '230C', '230P', '232.5C', '232.5P']);
    expect(entry.resolution.options.every((o) => o.marketRuleId === 32 && o.multiplier === 100)).toBe(true);
    expect([...fx.gateway.leased].sort()).toEqual([AAPL_CONID, ...entry.resolution.options.map((o) => o.conId)].sort());
    expect((await get()).nextResolveAt).toBe(AT_NINE);
  });

  it.each([
    ['an unknown symbol with CONTRACT_NOT_FOUND', atm({ symbol: 'ZZZZ' }), 'CONTRACT_NOT_FOUND'],
    ['an expiry the chain does not have with EXPIRY_NOT_FOUND (no roll)', atm({ expiries: ['20261128'] }), 'EXPIRY_NOT_FOUND'],
    ['a strike its expiry does not have with STRIKE_NOT_FOUND', atm({ expiries: ['20261204'], strikes: { mode: 'list', strikes: [230, 232.5] } }), 'STRIKE_NOT_FOUND'],
    ['more options than an entry may lease with TOO_MANY_OPTIONS', atm({ expiries: ['20261127', '20261204', '20261211'], strikes: { mode: 'atm', width: 5 } }), 'TOO_MANY_OPTIONS'],
  ])('put refuses %s and leaves the list as it was', async (_name, entry, code) => {
    await put(atm({ symbol: 'AAPL', strikes: { mode: 'list', strikes: [230] }, rights: ['CALL'] }));
    const before = await get();
    const reply = await put(entry);
    expect(reply).toMatchObject({ ok: false, code });
    expect(await get()).toEqual(before);
  });

  it('put refuses a malformed entry with INVALID_REQUEST and field issues', async () => {
    const reply = await fx.console.request(Contracts.PutWatchlistEntry, { owner, entry: { symbol: 'aapl', expiries: [], strikes: { mode: 'atm', width: 9 } } } as never);
    expect(reply).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(!reply.ok && reply.issues?.map((i) => i.path).sort()).toEqual(['entry.expiries', 'entry.strikes.width', 'entry.symbol']);
  });

  it('lists are per trader, and remove releases the quote leases of the entry it drops', async () => {
    await put(atm({ strikes: { mode: 'list', strikes: [230] }, rights: ['CALL'] }));
    await put(atm({ strikes: { mode: 'list', strikes: [235] }, rights: ['PUT'] }), 'bob');
    expect((await get('bob')).entries[0]!.resolution.options.map((o) => o.conId)).toEqual([optionConId('20261127', 235, 'PUT')]);
    expect((await get()).entries[0]!.resolution.options.map((o) => o.conId)).toEqual([optionConId('20261127', 230, 'CALL')]);

    expect(await fx.console.request(Contracts.RemoveWatchlistEntry, { owner: 'bob', symbol: 'AAPL' })).toMatchObject({ ok: true, value: { entries: [] } });
    expect(fx.gateway.leased.has(optionConId('20261127', 235, 'PUT'))).toBe(false);
    expect(fx.gateway.leased.has(optionConId('20261127', 230, 'CALL'))).toBe(true);
    expect(await fx.console.request(Contracts.RemoveWatchlistEntry, { owner: 'bob', symbol: 'AAPL' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('resolves every list again at 09:00 US/Eastern, re-centring ATM on the price of the moment', async () => {
    await put(atm({ strikes: { mode: 'atm', width: 0 }, rights: ['CALL'] }));
    expect((await get()).entries[0]!.resolution.options.map((o) => o.strike)).toEqual([230]);
    fx.gateway.price = 234.6;
    fx.clock.set(AT_NINE);
    const entry = await eventually(async () => {
      const e = (await get()).entries[0]!;
      return e.resolution.at === AT_NINE && e;
    }, { what: 'the 09:00 resolution' });
    expect(entry.resolution).toMatchObject({ status: 'resolved', price: 234.6 });
    expect(entry.resolution.options.map((o) => o.strike)).toEqual([235]);
    expect((await get()).nextResolveAt).toBe(Date.parse('2026-11-25T14:00:00Z'));
  });

  it('a resolution that fails for a passing reason is recorded on the entry and retried until it succeeds', async () => {
    await put(atm({ strikes: { mode: 'list', strikes: [230] }, rights: ['CALL'] }));
    fx.gateway.down = true;
    const failed = await fx.console.request(Contracts.ResolveWatchlist, { owner });
    expect(failed.ok && failed.value.entries[0]!.resolution).toMatchObject({ status: 'failed', error: { code: 'TWS_DISCONNECTED' } });
    // The last good options stay leased while TWS is away.
    expect(fx.gateway.leased.has(optionConId('20261127', 230, 'CALL'))).toBe(true);

    fx.gateway.down = false;
    fx.clock.advance(30_000);
    await eventually(async () => (await get()).entries[0]!.resolution.status === 'resolved', { what: 'the retry' });
  });

  it('a restarted service keeps every list and resolves at start the entries it missed at 09:00', async () => {
    await put(atm({ strikes: { mode: 'list', strikes: [230] }, rights: ['CALL'] }));
    const resolvedAt = (await get()).entries[0]!.resolution.at;
    await fx.restart().then(async (app) => app.stop()); // down across 09:00
    fx.clock.set(AT_NINE + 60 * 60_000);
    const asked = fx.gateway.asked.chain;
    await fx.startApp();
    const entry = await eventually(async () => {
      const e = (await get()).entries[0]!;
      return e.resolution.at !== resolvedAt && e;
    }, { what: 'the catch-up resolution' });
    expect(entry.resolution.at).toBe(AT_NINE + 60 * 60_000);
    expect(fx.gateway.asked.chain).toBeGreaterThan(asked);
    expect(entry.spec.strikes).toEqual({ mode: 'list', strikes: [230] });
  });
});
