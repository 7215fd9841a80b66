import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';
import { armCommand } from './support/builders';

/** Each invalid input and the exact answer it gets (status and body). */
const CASES: Array<[string, string, string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, number, unknown]> = [
  [
    'a missing body on arm',
    'POST',
    '/v1/trades',
    {},
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [
        { path: 'body.symbol', message: 'Invalid input: expected string, received undefined' },
        { path: 'body.right', message: 'Invalid option: expected one of "CALL"|"PUT"' },
        { path: 'body.expiry', message: 'Invalid input: expected string, received undefined' },
        { path: 'body.strike', message: 'Invalid input' },
        { path: 'body.trigger', message: 'Invalid input: expected object, received undefined' },
        { path: 'body.size', message: 'Invalid input: expected object, received undefined' },
        { path: 'body.entry', message: 'Invalid input: expected object, received undefined' },
        { path: 'body.stopLoss', message: 'Invalid input: expected object, received undefined' },
      ],
    },
  ],
  [
    'a lower-case symbol',
    'POST',
    '/v1/trades',
    { body: armCommand({ symbol: 'aapl' }) },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [{ path: 'body.symbol', message: 'expected an upper-case ticker such as AAPL or BRK.B' }],
    },
  ],
  [
    'a badly written expiry',
    'POST',
    '/v1/trades',
    { body: armCommand({ expiry: '2030-01-18' }) },
    400,
    { code: 'INVALID_REQUEST', message: 'the request is invalid', issues: [{ path: 'body.expiry', message: 'expected YYYYMMDD' }] },
  ],
  [
    'a negative trigger price',
    'POST',
    '/v1/trades',
    { body: armCommand({ trigger: { price: -1 } as never }) },
    400,
    { code: 'INVALID_REQUEST', message: 'the request is invalid', issues: [{ path: 'body.trigger.price', message: 'Too small: expected number to be >0' }] },
  ],
  [
    'an unknown size mode',
    'POST',
    '/v1/trades',
    { body: armCommand({ size: { by: 'shares', shares: 3 } as never }) },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [{ path: 'body.size.by', message: "Invalid discriminator value. Expected 'budget' | 'contracts'" }],
    },
  ],
  [
    'an unknown key in the arm',
    'POST',
    '/v1/trades',
    { body: { ...armCommand(), leverage: 3 } },
    400,
    { code: 'INVALID_REQUEST', message: 'the request is invalid', issues: [{ path: 'body', message: 'Unrecognized key: "leverage"' }] },
  ],
  ['malformed JSON', 'POST', '/v1/trades', { rawBody: '{"symbol": ' }, 400, { code: 'INVALID_JSON', message: 'the request body is not valid JSON' }],
  [
    'a trade id with a dot',
    'GET',
    '/v1/trades/bad.id',
    {},
    400,
    { code: 'INVALID_REQUEST', message: 'the request is invalid', issues: [{ path: 'params.tradeId', message: 'letters, digits, _ or -, 1..64 chars' }] },
  ],
  [
    'an unknown state filter',
    'GET',
    '/v1/trades?state=ARMED,SLEEPING',
    {},
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [
        {
          path: 'query.state.1',
          message:
            'Invalid option: expected one of "ARMED"|"SUSPENDED"|"PREMARKET_HIT"|"FIRED"|"SUBMITTING"|"SUBMIT_UNKNOWN"|"WORKING"|"PARTIALLY_FILLED"|"OPEN"|"PROTECTED"|"EXITING"|"CLOSED"|"REJECTED"|"CANCELLED"|"FAILED"',
        },
      ],
    },
  ],
  [
    'a limit above 1000',
    'GET',
    '/v1/trades?limit=5000',
    {},
    400,
    { code: 'INVALID_REQUEST', message: 'the request is invalid', issues: [{ path: 'query.limit', message: 'Too big: expected number to be <=1000' }] },
  ],
  [
    'a modify with nothing to change',
    'PATCH',
    '/v1/trades/T1',
    { body: {} },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [{ path: 'body', message: 'nothing to modify: give triggerPrice, stopOffset or size' }],
    },
  ],
  [
    'a take-profit of 0 percent',
    'POST',
    '/v1/trades/T1/take-profit',
    { body: { percent: 0 } },
    400,
    { code: 'INVALID_REQUEST', message: 'the request is invalid', issues: [{ path: 'body.percent', message: 'Too small: expected number to be >=1' }] },
  ],
  [
    'an unknown premarket decision',
    'POST',
    '/v1/trades/T1/premarket-decision',
    { body: { decision: 'maybe' } },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [{ path: 'body.decision', message: 'Invalid option: expected one of "rebase"|"hold"|"cancel"' }],
    },
  ],
  [
    'an option query without a right',
    'GET',
    '/v1/market/contract?symbol=AAPL&expiry=20300118&strike=200',
    {},
    400,
    { code: 'INVALID_REQUEST', message: 'the request is invalid', issues: [{ path: 'query', message: 'an option needs expiry, strike and right together' }] },
  ],
  [
    'an empty symbol search',
    'GET',
    '/v1/market/symbols?q=',
    {},
    400,
    { code: 'INVALID_REQUEST', message: 'the request is invalid', issues: [{ path: 'query.q', message: 'Too small: expected string to have >=1 characters' }] },
  ],
  [
    'an unknown risk limit',
    'PATCH',
    '/v1/risk/limits',
    { body: { maxLeverage: 3 } },
    400,
    { code: 'INVALID_REQUEST', message: 'the request is invalid', issues: [{ path: 'body', message: 'Unrecognized key: "maxLeverage"' }] },
  ],
  [
    'a kill switch without a reason',
    'POST',
    '/v1/risk/kill',
    { body: {} },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [{ path: 'body.reason', message: 'Invalid input: expected string, received undefined' }],
    },
  ],
  [
    'an unknown trading state',
    'POST',
    '/v1/risk/trading-state',
    { body: { state: 'PAUSED', reason: 'x' } },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [{ path: 'body.state', message: 'Invalid option: expected one of "ACTIVE"|"REDUCING"|"HALTED"' }],
    },
  ],
  [
    'an unknown role for a token',
    'POST',
    '/v1/tokens',
    { body: { name: 'x', role: 'root' } },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [{ path: 'body.role', message: 'Invalid option: expected one of "viewer"|"trader"|"admin"' }],
    },
  ],
  [
    'a short Idempotency-Key',
    'POST',
    '/v1/trades/T1/flatten',
    { headers: { 'idempotency-key': 'abc' } },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [{ path: 'headers.idempotency-key', message: 'expected 8..128 letters, digits or _ . : -' }],
    },
  ],
  [
    'a malformed Last-Event-ID',
    'GET',
    '/v1/events',
    { headers: { 'last-event-id': 'yesterday' } },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'the request is invalid',
      issues: [{ path: 'headers.last-event-id', message: 'expected an event id this stream sent, e.g. TRADES:12,EXECUTIONS:3' }],
    },
  ],
  ['an unknown route', 'GET', '/v1/nothing-here', {}, 404, { code: 'ROUTE_NOT_FOUND', message: 'no such route; see /openapi.json' }],
  [
    'a body on a route that takes none',
    'POST',
    '/v1/watchlist/resolve',
    { body: { symbols: ['AAPL'] } },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'POST /v1/watchlist/resolve takes no body (send none, or {})',
      issues: [{ path: 'body', message: 'this route takes no body' }],
    },
  ],
  [
    'text on a route that takes no body',
    'POST',
    '/v1/watchlist/resolve',
    { rawBody: '{}', headers: { 'content-type': 'text/plain' } },
    400,
    {
      code: 'INVALID_REQUEST',
      message: 'POST /v1/watchlist/resolve takes no body (send none, or {})',
      issues: [{ path: 'body', message: 'this route takes no body' }],
    },
  ],
  [
    'text on a route whose body fields are all optional (it would have run on {})',
    'POST',
    '/v1/emergency/panic',
    { rawBody: '{}', headers: { 'content-type': 'text/plain' } },
    415,
    { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'POST /v1/emergency/panic takes a JSON body (content-type application/json), not text/plain' },
  ],
  [
    'XML on a route that takes a body',
    'POST',
    '/v1/trades',
    { rawBody: '<trade/>', headers: { 'content-type': 'application/xml' } },
    415,
    { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'POST /v1/trades takes a JSON body (content-type application/json), not application/xml' },
  ],
  ['a desk asset that does not exist', 'GET', '/assets/nothing.js', {}, 404, { code: 'NOT_FOUND', message: 'no desk asset nothing.js' }],
];

describe('console invalid inputs: each gets its exact error', () => {
  let f: ConsoleFixture;

  beforeAll(async () => {
    f = await startConsoleFixture();
  }, 60_000);
  afterAll(async () => f.stop());

  it.each(CASES)('%s (%s %s) is refused', async (_name, method, path, options, status, body) => {
    const res = await f.call(method, path, options);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(body);
  });
});
