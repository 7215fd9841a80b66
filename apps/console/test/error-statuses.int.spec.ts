/* eslint-disable @typescript-eslint/no-explicit-any -- HTTP answers and the OpenAPI document are untyped JSON */
import { Contracts, fail, ok, type ConId, type RequestContract, type ServiceName } from '@arctrigger/contracts';
import { API_ROUTES } from '../src/api-routes';
import type { ApiRoute } from '../src/http/api-route';
import { statusOf } from '../src/http/reply-status';
import { serviceErrorsOf } from '../src/openapi/openapi-document';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';
import { Responders } from './support/responders';
import { armCommand } from './support/builders';

/** A request each route accepts (valid path, query and body), so it reaches the services it asks. */
const REQUESTS: Record<string, { path: string; body?: unknown }> = {
  armTrade: { path: '/v1/trades', body: armCommand() },
  listTrades: { path: '/v1/trades' },
  getTrade: { path: '/v1/trades/T1' },
  modifyTrade: { path: '/v1/trades/T1', body: { triggerPrice: 191 } },
  cancelTrade: { path: '/v1/trades/T1/cancel' },
  breakevenTrade: { path: '/v1/trades/T1/breakeven' },
  takeProfit: { path: '/v1/trades/T1/take-profit', body: { percent: 20 } },
  flattenTrade: { path: '/v1/trades/T1/flatten' },
  resetTrade: { path: '/v1/trades/T1/reset', body: {} },
  decidePremarket: { path: '/v1/trades/T1/premarket-decision', body: { decision: 'hold' } },
  listWatchers: { path: '/v1/watchers' },
  getWatchlist: { path: '/v1/watchlist' },
  putWatchlistEntry: { path: '/v1/watchlist', body: { symbol: 'AAPL', expiries: ['next'], strikes: { mode: 'atm', width: 2 } } },
  removeWatchlistEntry: { path: '/v1/watchlist/AAPL' },
  resolveWatchlist: { path: '/v1/watchlist/resolve' },
  listPositions: { path: '/v1/positions' },
  closePosition: { path: '/v1/positions/T1/close' },
  searchSymbols: { path: '/v1/market/symbols?q=AAP' },
  qualifyContract: { path: '/v1/market/contract?symbol=AAPL' },
  getQuote: { path: '/v1/market/quote?symbol=AAPL' },
  getOptionChain: { path: '/v1/market/chain?symbol=AAPL' },
  getRisk: { path: '/v1/risk' },
  getRiskLimits: { path: '/v1/risk/limits' },
  changeRiskLimits: { path: '/v1/risk/limits', body: { maxOpenPositions: 7 } },
  killSwitch: { path: '/v1/risk/kill', body: { reason: 'test' } },
  setTradingState: { path: '/v1/risk/trading-state', body: { state: 'ACTIVE', reason: 'test' } },
  cancelAll: { path: '/v1/emergency/cancel-all', body: { broker: true } },
  flattenAll: { path: '/v1/emergency/flatten-all', body: {} },
  adoptExternalPosition: { path: '/v1/positions/external/987654/adopt', body: { stopLoss: { mode: 'offset', offset: 1 } } },
  panic: { path: '/v1/emergency/panic', body: { reason: 'test' } },
  listExternalPositions: { path: '/v1/positions/external' },
  listAuditViolations: { path: '/v1/audit/violations' },
};

/** The service that answers a contract (its only consumer). */
const answererOf = (contract: RequestContract) => contract.consumers[0] as Exclude<ServiceName, 'console'>;

describe('console error statuses: every code a service can send, on every route, is answered and documented with its contract\'s status', () => {
  let f: ConsoleFixture;
  let doc: any;
  const r = new Responders();

  beforeAll(async () => {
    f = await startConsoleFixture();
    doc = (await f.call('GET', '/openapi.json')).body;
  }, 60_000);
  afterAll(async () => f.stop());
  afterEach(() => r.clear());

  const routesThatAsk = API_ROUTES.filter((route) => route.calls.length > 0);

  it('every route that asks a service has a sample request here', () => {
    expect(routesThatAsk.map((route) => route.operationId).filter((id) => !REQUESTS[id])).toEqual([]);
  });

  it.each(routesThatAsk.map((route) => [route.operationId, route] as const))('%s documents each code under the status its contract declares', (_id, route: ApiRoute) => {
    const operation = doc.paths[route.path][route.method.toLowerCase()];
    const codes = serviceErrorsOf(route);
    expect(codes.size).toBeGreaterThan(0);
    for (const [code, status] of codes) {
      expect({ code, documented: operation['x-error-codes'][code] }).toEqual({ code, documented: status });
      expect({ code, listed: String(operation.responses[String(status)]?.description ?? '').includes(code) }).toEqual({ code, listed: true });
    }
  });

  // Over HTTP, through the real console: the first service each route asks refuses with each of its
  // codes in turn, and the route answers with exactly the status the document declares.
  const cases = routesThatAsk.flatMap((route) => {
    const first = route.calls[0]!;
    return [...serviceErrorsOf({ ...route, calls: [first] })].map(([code, status]) => [route.operationId, code, status, route, first] as const);
  });

  it.each(cases)('%s answers %s with %s', async (_id, code, status, route, contract) => {
    await r.answer(f.actors[answererOf(contract)], contract, () => fail(code, `refused: ${code}`) as never);
    const request = REQUESTS[route.operationId]!;
    const res = await f.call(route.method, request.path, request.body === undefined ? {} : { body: request.body });
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(statusOf(contract, code)).toBe(status);
  });

  it('a route that asks a second service answers that service\'s codes with their statuses too', async () => {
    const stock = {
      conId: 265598 as ConId, symbol: 'AAPL', secType: 'STK' as const, exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD',
      localSymbol: 'AAPL', tradingClass: 'NMS', multiplier: 1, minTick: 0.01, marketRuleIds: [26], expiry: null, strike: null, right: null, underConId: null,
    };
    const gateway = f.actors.gateway;
    await r.answer(gateway, Contracts.QualifyContract, () => ok(stock));
    await r.answer(gateway, Contracts.OptionChain, () => fail('EXPIRY_NOT_FOUND', 'no such expiry'));
    const res = await f.call('GET', '/v1/market/chain?symbol=AAPL&expiry=20300118');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'EXPIRY_NOT_FOUND' });
  });
});
