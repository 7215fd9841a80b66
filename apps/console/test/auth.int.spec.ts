import { API_ROUTES } from '../src/api-routes';
import type { ApiRoute } from '../src/http/api-route';
import { roleAllows, type Role } from '../src/auth/role';
import { ADMIN_TOKEN, startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

type Caller = 'anonymous' | Role;
const CALLERS: Caller[] = ['anonymous', 'viewer', 'trader', 'admin'];

/** A concrete URL for a route (path params filled in with valid-looking values). */
function urlOf(route: ApiRoute): string {
  return route.path.replace('{tradeId}', 'T1').replace('{tokenId}', '0123456789ab').replace('{symbol}', 'AAPL');
}

function expectedStatus(route: ApiRoute, caller: Caller): 'allowed' | 401 | 403 {
  if (route.role === null) return 'allowed';
  if (caller === 'anonymous') return 401;
  return roleAllows(caller, route.role) ? 'allowed' : 403;
}

describe('console auth matrix: every role against every route', () => {
  let f: ConsoleFixture;
  const tokens: Record<Caller, string | null> = { anonymous: null, viewer: '', trader: '', admin: ADMIN_TOKEN };

  beforeAll(async () => {
    f = await startConsoleFixture();
    tokens.viewer = await f.tokenFor('viewer');
    tokens.trader = await f.tokenFor('trader');
    tokens.admin = await f.tokenFor('admin');
  }, 60_000);
  afterAll(async () => f.stop());

  const cases = API_ROUTES.flatMap((route) => CALLERS.map((caller) => [`${route.method} ${route.path}`, caller, route] as const));

  it.each(cases)('%s as %s gets the status its role allows', async (_name, caller, route) => {
    const controller = new AbortController();
    const token = tokens[caller];
    const res = await fetch(`${f.baseUrl}${urlOf(route)}`, {
      method: route.method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: controller.signal,
    });
    controller.abort();
    const expected = expectedStatus(route, caller);
    if (expected === 'allowed') {
      expect([401, 403]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(expected);
    }
  });

  it('answers 401 with WWW-Authenticate and a clear message for a malformed or unknown token', async () => {
    const res = await f.call('GET', '/v1/trades', { token: 'atk_000000000000_' + '0'.repeat(64) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: 'the API token is unknown or revoked' });
  });

  it('answers 403 naming the role a route needs', async () => {
    const res = await f.call('POST', '/v1/risk/kill', { token: tokens.trader, body: { reason: 'x' } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ code: 'FORBIDDEN', message: 'POST /v1/risk/kill needs the admin role; this token is trader' });
  });

  it('accepts the token as access_token on the event stream only', async () => {
    const controller = new AbortController();
    const events = await fetch(`${f.baseUrl}/v1/events?access_token=${tokens.viewer}`, { signal: controller.signal });
    controller.abort();
    const trades = await f.call('GET', `/v1/trades?access_token=${tokens.viewer}`, { token: null });
    expect(events.status).toBe(200);
    expect(trades.status).toBe(401);
  });

  it('limits each token to its rate and answers 429 with Retry-After past it', async () => {
    const limited = await f.startConsole({ RATE_LIMIT_PER_MINUTE: '3' });
    const call = (token: string) => fetch(`${limited.baseUrl}/v1/system/clock`, { headers: { authorization: `Bearer ${token}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(tokens.viewer!)).status);
    const other = await call(tokens.trader!);
    const refused = await call(tokens.viewer!);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(other.status).toBe(200);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({ code: 'RATE_LIMITED', message: 'too many requests for this token' });
  });

  it('sends CORS headers only to a configured origin', async () => {
    const withCors = await f.startConsole({ CORS_ORIGINS: 'http://ui.local' });
    const allowed = await fetch(`${withCors.baseUrl}/v1/trades`, { method: 'OPTIONS', headers: { origin: 'http://ui.local', 'access-control-request-method': 'POST' } });
    const other = await fetch(`${withCors.baseUrl}/openapi.json`, { headers: { origin: 'http://other.local' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://ui.local');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
