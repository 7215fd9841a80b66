/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call -- HTTP answers are untyped JSON; tests assert their shape */
import { Contracts, fail, ok, type ConId } from '@arctrigger/contracts';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';
import { Responders } from './support/responders';
import { armCommand, positionsView, riskLimitsView, tradeEvent, tradeView, triggerView } from './support/builders';

const stock = {
  conId: 265598 as ConId, symbol: 'AAPL', secType: 'STK' as const, exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD',
  localSymbol: 'AAPL', tradingClass: 'NMS', multiplier: 1, minTick: 0.01, marketRuleIds: [26], expiry: null, strike: null, right: null, underConId: null,
};
const tick = { conId: 265598 as ConId, seq: 4, bid: 189.9, ask: 190.1, last: 190, bidSize: 1, askSize: 2, lastSize: 1, exchangeTime: null, receivedAt: 1_700_000_000_000 };

describe('console HTTP routes against a real console and real NATS', () => {
  let f: ConsoleFixture;
  const r = new Responders();

  beforeAll(async () => {
    f = await startConsoleFixture();
  }, 60_000);
  afterAll(async () => f.stop());
  afterEach(() => r.clear());

  const orders = () => f.actors['order-service'];
  const risk = () => f.actors['risk-service'];
  const gateway = () => f.actors.gateway;

  describe('trades', () => {
    it('arms a trade and answers 201 with the trade when the order-service accepts it', async () => {
      await r.answer(orders(), Contracts.ArmTrade, (cmd) => ok(tradeView(cmd.tradeId ?? 'T1')));
      const res = await f.call('POST', '/v1/trades', { body: armCommand({ tradeId: 'T1' as never }) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ tradeId: 'T1', state: 'ARMED' });
      expect(r.requestsOf(Contracts.ArmTrade)[0]).toMatchObject({ symbol: 'AAPL', premarketPolicy: 'hold', trigger: { price: 190.5, source: 'last' }, by: { kind: 'user', id: 'bootstrap', role: 'admin' } });
    });

    it('lists trades passing the state and symbol filters to the order-service', async () => {
      await r.answer(orders(), Contracts.ListTrades, () => ok({ trades: [tradeView('T1')] }));
      const res = await f.call('GET', '/v1/trades?state=ARMED,OPEN&symbol=AAPL&limit=5');
      expect(res.status).toBe(200);
      expect(res.body.trades).toHaveLength(1);
      expect(r.requestsOf(Contracts.ListTrades)[0]).toEqual({ states: ['ARMED', 'OPEN'], symbol: 'AAPL', limit: 5 });
    });

    it('gets one trade with its full event history', async () => {
      await r.answer(orders(), Contracts.GetTrade, ({ tradeId }) => ok({ trade: tradeView(tradeId), events: [tradeEvent(tradeId, 1, 'ARMED')] }));
      const res = await f.call('GET', '/v1/trades/T1');
      expect(res.status).toBe(200);
      expect(res.body.trade.tradeId).toBe('T1');
      expect(res.body.events).toHaveLength(1);
    });

    // Every command names its caller (`by`): the order-service records it and checks the trade's owner.
    const by = { kind: 'user', id: 'bootstrap', name: 'bootstrap-admin', role: 'admin' };
    it.each([
      ['PATCH', '/v1/trades/T1', { triggerPrice: 191 }, 'ModifyTrade', { tradeId: 'T1', triggerPrice: 191, by }],
      ['POST', '/v1/trades/T1/cancel', undefined, 'CancelTrade', { tradeId: 'T1', by }],
      ['POST', '/v1/trades/T1/breakeven', undefined, 'Breakeven', { tradeId: 'T1', by }],
      ['POST', '/v1/trades/T1/take-profit', { percent: 50 }, 'TakeProfit', { tradeId: 'T1', percent: 50, by }],
      ['POST', '/v1/trades/T1/flatten', undefined, 'Flatten', { tradeId: 'T1', by }],
      ['POST', '/v1/trades/T1/premarket-decision', { decision: 'rebase', atmStrike: true }, 'PremarketDecision', { tradeId: 'T1', decision: 'rebase', atmStrike: true, by }],
      ['POST', '/v1/positions/T1/close', undefined, 'Flatten', { tradeId: 'T1', by }],
    ] as const)('%s %s sends %s to the order-service and answers the trade', async (method, path, body, contract, expected) => {
      await r.answer(orders(), Contracts[contract], (cmd: { tradeId: string }) => ok(tradeView(cmd.tradeId, 'OPEN')));
      const res = await f.call(method, path, { body });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ tradeId: 'T1', state: 'OPEN' });
      expect(r.requestsOf(Contracts[contract])[0]).toEqual(expected);
    });

    it('resets a finished trade: POST /v1/trades/{id}/reset sends ResetTrade and answers 201 with the new trade; a body with unknown fields is refused before the bus', async () => {
      await r.answer(orders(), Contracts.ResetTrade, (cmd) => ok({ ...tradeView(cmd.newTradeId ?? 'T9', 'ARMED'), resetFrom: cmd.tradeId }));
      const res = await f.call('POST', '/v1/trades/T1/reset', { body: { triggerPrice: 192.5, newTradeId: 'T2' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ tradeId: 'T2', state: 'ARMED', resetFrom: 'T1' });
      expect(r.requestsOf(Contracts.ResetTrade)).toEqual([{ tradeId: 'T1', triggerPrice: 192.5, newTradeId: 'T2', by }]);

      const bad = await f.call('POST', '/v1/trades/T1/reset', { body: { trigger: 192.5 } });
      expect(bad.status).toBe(400);
      expect(r.requestsOf(Contracts.ResetTrade)).toHaveLength(1);
    });

    it('answers 422 with the reason code when the risk check denies the arm', async () => {
      await r.answer(orders(), Contracts.ArmTrade, () => fail('QUANTITY_EXCEEDS_MAXIMUM', '12 contracts exceed the maximum of 10 per order'));
      const res = await f.call('POST', '/v1/trades', { body: armCommand() });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ code: 'QUANTITY_EXCEEDS_MAXIMUM', message: '12 contracts exceed the maximum of 10 per order' });
    });

    it('answers 404 when the order-service does not know the trade', async () => {
      await r.answer(orders(), Contracts.GetTrade, () => fail('TRADE_NOT_FOUND', 'no trade T9'));
      const res = await f.call('GET', '/v1/trades/T9');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('TRADE_NOT_FOUND');
    });

    it('answers 409 when the trade cannot do that in its state', async () => {
      await r.answer(orders(), Contracts.CancelTrade, () => fail('INVALID_STATE', 'cannot cancel a trade in OPEN'));
      const res = await f.call('POST', '/v1/trades/T1/cancel');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('INVALID_STATE');
    });

    it('answers 503 with Retry-After when no order-service answers', async () => {
      const res = await f.call('GET', '/v1/trades');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.body.code).toBe('NO_RESPONDERS');
    });

    it('answers 503 without a stack trace when the service fails to handle the request', async () => {
      await r.answer(orders(), Contracts.ListTrades, () => {
        throw new Error('boom at line 12');
      });
      const res = await f.call('GET', '/v1/trades');
      expect(res.status).toBe(503);
      expect(JSON.stringify(res.body)).not.toMatch(/boom|at line|\.ts/);
    });
  });

  describe('idempotency', () => {
    it('returns the first answer to a repeat with the same Idempotency-Key without asking again', async () => {
      let n = 0;
      await r.answer(orders(), Contracts.ArmTrade, () => ok(tradeView(`T-idem-${++n}`)));
      const headers = { 'idempotency-key': 'arm-key-0001' };
      const first = await f.call('POST', '/v1/trades', { body: armCommand(), headers });
      const second = await f.call('POST', '/v1/trades', { body: armCommand(), headers });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(r.requestsOf(Contracts.ArmTrade)).toHaveLength(1);
    });

    it('returns the first refusal to a repeat, and refuses the same key with a different body', async () => {
      await r.answer(orders(), Contracts.TakeProfit, () => fail('INVALID_STATE', 'cannot take profit on a trade in ARMED'));
      const headers = { 'idempotency-key': 'take-profit-key-01' };
      const first = await f.call('POST', '/v1/trades/T1/take-profit', { headers, body: { percent: 50 } });
      const again = await f.call('POST', '/v1/trades/T1/take-profit', { headers, body: { percent: 50 } });
      const reused = await f.call('POST', '/v1/trades/T1/take-profit', { headers, body: { percent: 20 } });
      expect([first.status, again.status]).toEqual([409, 409]);
      expect(again.body).toEqual(first.body);
      expect(r.requestsOf(Contracts.TakeProfit)).toHaveLength(1);
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('keeps nothing when the service was unavailable, so the same key can be retried', async () => {
      const headers = { 'idempotency-key': 'breakeven-key-01' };
      const unavailable = await f.call('POST', '/v1/trades/T1/breakeven', { headers });
      await r.answer(orders(), Contracts.Breakeven, ({ tradeId }) => ok(tradeView(tradeId, 'PROTECTED')));
      const retried = await f.call('POST', '/v1/trades/T1/breakeven', { headers });
      expect(unavailable.status).toBe(503);
      expect(retried.status).toBe(200);
      expect(retried.body.state).toBe('PROTECTED');
    });
  });

  describe('watchers, positions, market', () => {
    it('lists watchers from the trigger-service with level, last price and status', async () => {
      await r.answer(f.actors['trigger-service'], Contracts.ListTriggers, () => ok({ triggers: [triggerView('T1')] }));
      const res = await f.call('GET', '/v1/watchers?purpose=entry');
      expect(res.status).toBe(200);
      expect(res.body.triggers[0]).toMatchObject({ level: 190.5, lastPrice: 189.9, status: 'armed' });
      expect(r.requestsOf(Contracts.ListTriggers)[0]).toEqual({ purpose: 'entry', includeFinished: false });
    });

    it('lists positions and P&L from the risk-service', async () => {
      await r.answer(risk(), Contracts.GetPositions, () => ok(positionsView()));
      const res = await f.call('GET', '/v1/positions?includeFlat=true');
      expect(res.status).toBe(200);
      expect(res.body.positions[0]).toMatchObject({ quantity: 2, averageCost: 3.1, mid: 3.3, stale: false });
      expect(r.requestsOf(Contracts.GetPositions)[0]).toEqual({ includeFlat: true });
    });

    it('adopts an external position: POST /v1/positions/external/{conId}/adopt sends AdoptPosition with the conId, the stop and the caller, and answers 201 with the trade', async () => {
      await r.answer(orders(), Contracts.AdoptPosition, (cmd) => ok({ ...tradeView(`adopt-${cmd.conId}-x`, 'PROTECTED'), adoptedAt: 1_700_000_000_000 }));
      const res = await f.call('POST', '/v1/positions/external/987654/adopt', { body: { stopLoss: { mode: 'price', price: 228 }, takeProfit: { autoPercent: 50 } } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ tradeId: 'adopt-987654-x', state: 'PROTECTED', adoptedAt: 1_700_000_000_000 });
      expect(r.requestsOf(Contracts.AdoptPosition)).toEqual([{
        conId: 987654, stopLoss: { mode: 'price', price: 228 }, takeProfit: { autoPercent: 50 }, by: { kind: 'user', id: 'bootstrap', name: 'bootstrap-admin', role: 'admin' },
      }]);
    });

    it("answers the order-service's adoption refusal with its status, and a malformed adoption with 400 before the bus", async () => {
      await r.answer(orders(), Contracts.AdoptPosition, () => fail('ALREADY_ADOPTED', 'contract 987654 was adopted already: trade adopt-987654-x holds it'));
      const refused = await f.call('POST', '/v1/positions/external/987654/adopt', { body: { stopLoss: { mode: 'offset', offset: 1 } } });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'ALREADY_ADOPTED' });
      for (const [path, body] of [
        ['/v1/positions/external/abc/adopt', { stopLoss: { mode: 'offset', offset: 1 } }],
        ['/v1/positions/external/987654/adopt', { stopLoss: { mode: 'waived' } }],
        ['/v1/positions/external/987654/adopt', { stopLoss: { mode: 'offset', offset: -1 } }],
        ['/v1/positions/external/987654/adopt', { stopLoss: { mode: 'offset', offset: 1 }, quantity: 2 }],
      ] as const) {
        const res = await f.call('POST', path, { body });
        expect(res.status).toBe(400);
      }
      expect(r.requestsOf(Contracts.AdoptPosition)).toHaveLength(1);
    });

    it('searches symbols, qualifies a contract, quotes it and lists its chain through the gateway', async () => {
      await r.answer(gateway(), Contracts.SymbolSearch, () => ok({ matches: [] }));
      await r.answer(gateway(), Contracts.QualifyContract, () => ok(stock));
      await r.answer(gateway(), Contracts.AcquireMarketDataLease, (req) => ok({ leases: req.conIds.map((conId) => ({ conId, expiresAt: 1 })) }));
      await r.answer(gateway(), Contracts.QuoteSnapshot, () => ok(tick));
      await r.answer(gateway(), Contracts.OptionChain, (req) => ok({ underConId: req.underConId, symbol: 'AAPL', tradingClass: 'AAPL', multiplier: 100, expiries: [{ expiry: '20300118', strikes: [190, 200] }] }));
      const symbols = await f.call('GET', '/v1/market/symbols?q=AAP');
      const contract = await f.call('GET', '/v1/market/contract?symbol=AAPL&expiry=20300118&strike=200&right=CALL');
      const quote = await f.call('GET', '/v1/market/quote?symbol=AAPL');
      const chain = await f.call('GET', '/v1/market/chain?symbol=AAPL&expiry=20300118');
      expect([symbols.status, contract.status, quote.status, chain.status]).toEqual([200, 200, 200, 200]);
      expect(r.requestsOf(Contracts.SymbolSearch)[0]).toEqual({ pattern: 'AAP' });
      expect(r.requestsOf(Contracts.QualifyContract)[0]).toMatchObject({ secType: 'OPT', symbol: 'AAPL', expiry: '20300118', strike: 200, right: 'CALL' });
      expect(quote.body).toMatchObject({ contract: { conId: 265598 }, quote: { bid: 189.9, ask: 190.1 } });
      expect(chain.body.expiries[0].strikes).toEqual([190, 200]);
      expect(r.requestsOf(Contracts.OptionChain)[0]).toEqual({ symbol: 'AAPL', underConId: 265598, expiry: '20300118' });
    });
  });

  describe('watch list', () => {
    const list = (owner: string) => ({ owner, entries: [], updatedAt: 1, nextResolveAt: 2 });

    it("passes the token's name as the trader on every watch-list call, and the entry as given", async () => {
      const wl = () => f.actors['watchlist-service'];
      await r.answer(wl(), Contracts.GetWatchlist, (q) => ok(list(q.owner)));
      await r.answer(wl(), Contracts.PutWatchlistEntry, (c) => ok(list(c.owner)));
      await r.answer(wl(), Contracts.RemoveWatchlistEntry, (c) => ok(list(c.owner)));
      await r.answer(wl(), Contracts.ResolveWatchlist, (q) => ok(list(q.owner)));
      const token = await f.tokenFor('trader', 'carol');
      const entry = { symbol: 'AAPL', expiries: ['next'], strikes: { mode: 'atm', width: 2 }, rights: ['CALL'] };
      const answers = [
        await f.call('GET', '/v1/watchlist', { token }),
        await f.call('POST', '/v1/watchlist', { token, body: entry }),
        await f.call('DELETE', '/v1/watchlist/AAPL', { token }),
        await f.call('POST', '/v1/watchlist/resolve', { token }),
      ];
      expect(answers.map((a) => `${a.status} ${String(a.body.owner)}`)).toEqual(['200 carol', '200 carol', '200 carol', '200 carol']);
      expect(r.requestsOf(Contracts.PutWatchlistEntry)[0]).toEqual({ owner: 'carol', entry });
      expect(r.requestsOf(Contracts.RemoveWatchlistEntry)[0]).toEqual({ owner: 'carol', symbol: 'AAPL' });
    });

    it("answers the watchlist-service's refusal with its code, and a malformed entry with 400 before the bus", async () => {
      await r.answer(f.actors['watchlist-service'], Contracts.PutWatchlistEntry, () => fail('STRIKE_NOT_FOUND', 'strike 231 does not exist for AAPL 20261127'));
      const refused = await f.call('POST', '/v1/watchlist', { body: { symbol: 'AAPL', expiries: ['20261127'], strikes: { mode: 'list', strikes: [231] } } });
      expect(refused.status).toBe(404);
      expect(refused.body).toEqual({ code: 'STRIKE_NOT_FOUND', message: 'strike 231 does not exist for AAPL 20261127' });
      const malformed = await f.call('POST', '/v1/watchlist', { body: { symbol: 'AAPL', expiries: ['next', 'next'], strikes: { mode: 'atm', width: 1 }, extra: 1 } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body', 'body.expiries']); // the unknown key, the repeated expiry
      expect(r.requestsOf(Contracts.PutWatchlistEntry)).toHaveLength(1);
    });
  });

  describe('risk', () => {
    it('shows the trading state and limits', async () => {
      await r.answer(risk(), Contracts.GetRiskLimits, () => ok(riskLimitsView()));
      const overview = await f.call('GET', '/v1/risk');
      const limits = await f.call('GET', '/v1/risk/limits');
      expect(overview.status).toBe(200);
      expect(overview.body).toMatchObject({ tradingState: null, limits: { version: 3 } });
      expect(limits.body.limits.maxContractsPerOrder).toBe(10);
    });

    it('changes limits with the token name as actor', async () => {
      await r.answer(risk(), Contracts.ChangeRiskLimits, (cmd) => ok({ ...riskLimitsView(), limits: { ...riskLimitsView().limits, ...cmd.changes }, version: 4 }));
      const res = await f.call('PATCH', '/v1/risk/limits', { body: { maxContractsPerOrder: 4 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 4, limits: { maxContractsPerOrder: 4 } });
      expect(r.requestsOf(Contracts.ChangeRiskLimits)[0]).toEqual({ changes: { maxContractsPerOrder: 4 }, actor: 'bootstrap-admin' });
    });

    it('halts trading with the kill switch and sets the trading state back', async () => {
      await r.answer(risk(), Contracts.SetTradingState, (cmd) =>
        ok({ previous: 'ACTIVE', current: { state: cmd.state, reason: cmd.reason, changedBy: cmd.actor, at: 1 }, cancelledOrders: [], disarmedTriggers: [], failures: [] }),
      );
      const kill = await f.call('POST', '/v1/risk/kill', { body: { reason: 'fat finger' } });
      const resume = await f.call('POST', '/v1/risk/trading-state', { body: { state: 'ACTIVE', reason: 'all clear' } });
      expect(kill.status).toBe(200);
      expect(kill.body.current.state).toBe('HALTED');
      expect(resume.body.current.state).toBe('ACTIVE');
      expect(r.requestsOf(Contracts.SetTradingState)).toEqual([
        { state: 'HALTED', reason: 'fat finger', actor: 'bootstrap-admin' },
        { state: 'ACTIVE', reason: 'all clear', actor: 'bootstrap-admin' },
      ]);
    });
  });

  describe('system and tokens', () => {
    it('reports the connection, market clock and live services', async () => {
      gateway().publish(Contracts.ConnectionState, { status: 'connected', reason: 'ok', code: null, account: 'DU1', clientId: 0, serverVersion: 176, firingAllowed: true, at: 1 });
      await gateway().nc.flush();
      const connection = await eventuallyStatus(f, '/v1/system/connection', (b) => b.connection?.status === 'connected');
      const clock = await f.call('GET', '/v1/system/clock');
      const health = await f.call('GET', '/v1/system/health');
      const status = await f.call('GET', '/v1/system/status');
      expect(connection.connection.account).toBe('DU1');
      expect(['closed', 'premarket', 'regular', 'after-hours']).toContain(clock.body.session);
      expect(health.body.services.map((s: { service: string }) => s.service)).toContain('console');
      const self = (health.body.services as Array<{ service: string; startedAt: number; readyAt?: number }>).find((s) => s.service === 'console');
      expect(self?.readyAt).toBeGreaterThanOrEqual(self?.startedAt ?? Infinity);
      expect(status.body).toMatchObject({ connection: { status: 'connected' }, clock: { session: clock.body.session } });
    });

    it('reports the connection as unknown, with the age of the last state, once the gateway misses three announcements', async () => {
      gateway().publish(Contracts.ConnectionState, { status: 'connected', reason: 'ok', code: null, account: 'DU2', clientId: 0, serverVersion: 193, firingAllowed: true, at: 2, announcedAt: 2, announceIntervalMs: 500 });
      await gateway().nc.flush();
      const fresh = await eventuallyStatus(f, '/v1/system/connection', (b) => b.connection?.account === 'DU2');
      const silent = await eventuallyStatus(f, '/v1/system/connection', (b) => b.connection?.status === 'unknown');

      expect(fresh.connection).toMatchObject({ status: 'connected', firingAllowed: true });
      expect(fresh.connection.ageMs).toBeLessThanOrEqual(1_500);
      expect(silent.connection).toMatchObject({ status: 'unknown', lastStatus: 'connected', firingAllowed: false, account: 'DU2', at: 2 });
      expect(silent.connection.ageMs).toBeGreaterThan(1_500);
    });

    it('creates, lists and revokes tokens; a revoked token is refused', async () => {
      const created = await f.call('POST', '/v1/tokens', { body: { name: 'script-1', role: 'viewer' } });
      const token = created.body.token as string;
      const self = await f.call('GET', '/v1/tokens/self', { token });
      const list = await f.call('GET', '/v1/tokens');
      const revoked = await f.call('DELETE', `/v1/tokens/${created.body.tokenId}`);
      const after = await f.call('GET', '/v1/tokens/self', { token });
      expect(created.status).toBe(201);
      expect(token).toMatch(/^atk_[0-9a-f]{12}_[0-9a-f]{64}$/);
      expect(self.body).toEqual({ tokenId: created.body.tokenId, name: 'script-1', role: 'viewer' });
      expect(JSON.stringify(list.body)).not.toContain(token.slice(17));
      expect(list.body.tokens.map((t: { name: string }) => t.name)).toContain('script-1');
      expect(revoked.status).toBe(200);
      expect(after.status).toBe(401);
    });

    it('serves the docs page and the OpenAPI document without a token', async () => {
      const page = await f.call('GET', '/docs', { token: null });
      const doc = await f.call('GET', '/openapi.json', { token: null });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.body).not.toMatch(/<script src=|<link [^>]*href="http/);
      expect(doc.body.openapi).toBe('3.1.0');
    });

    it('sends no CORS headers when no origin is configured', async () => {
      const res = await f.call('GET', '/v1/system/clock', { headers: { origin: 'http://evil.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

async function eventuallyStatus(f: ConsoleFixture, path: string, done: (body: any) => boolean): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const res = await f.call('GET', path);
    if (done(res.body)) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} never satisfied the condition`);
}
