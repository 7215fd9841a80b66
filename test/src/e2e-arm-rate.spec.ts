/**
 * Limits that fit the product (issue 20): with the default risk limits (30 orders per minute) a
 * trader arms 300 trades in a row through the console REST API — the arm-time risk pre-checks
 * (risk.check.v2, purpose `arm`) neither reserve nor use the orders-per-minute budget. Gateway,
 * trigger-service, risk-service, order-service and console are real processes.
 */
import { freePort } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';
import { createConsoleToken } from './support/console-tokens';

/** Tuesday 10:30 US/Eastern: regular session. */
const SESSION = '2026-11-24T15:30:00Z';
const EXPIRY = '20261127';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const TRADES = 300;
const IN_FLIGHT = 10;

describe('arming at the product scale with the default limits', () => {
  let system: SystemHarness;
  let url: string;
  let traderToken: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service', 'console'],
      clockShiftMs: Date.parse(SESSION) - Date.now(),
      sim: { scenario: { tickIntervalMs: 100, stocks: [{ symbol: 'AAPL', conId: 265598, primaryExchange: 'NASDAQ', price: 230, script: [{ at: 0, price: 230 }] }] } },
      env: { console: { HTTP_PORT: String(port), ARCTRIGGER_ADMIN_TOKEN: ADMIN_TOKEN } },
    });
    traderToken = await createConsoleToken(url, ADMIN_TOKEN, 'e2e-trader', 'trader');
  }, 90_000);

  afterAll(async () => system?.stop());

  it('a trader arms 300 trades through the REST API with the default limits (30 orders per minute): every one is ARMED', async () => {
    const limits = await (await fetch(`${url}/v1/risk/limits`, { headers: { authorization: `Bearer ${traderToken}` } })).json() as { limits: { maxOrdersPerMinute: number } };
    expect(limits.limits.maxOrdersPerMinute).toBeLessThan(TRADES);
    const arm = async (i: number) => {
      const res = await fetch(`${url}/v1/trades`, {
        method: 'POST',
        headers: { authorization: `Bearer ${traderToken}`, 'content-type': 'application/json', 'idempotency-key': `arm-rate-${i}` },
        body: JSON.stringify({
          tradeId: `rate-${i}`, symbol: 'AAPL', right: 'CALL', expiry: EXPIRY, strike: 'ATM', trigger: { price: 240 + (i % 50) / 10, source: 'last' },
          size: { by: 'contracts', contracts: 1 }, entry: { type: 'LMT', offset: 0.05 }, stopLoss: { mode: 'offset', offset: 0.5 },
          takeProfit: {}, premarketPolicy: 'hold', fireImmediately: false,
        }),
      });
      return { status: res.status, body: (await res.json()) as { state?: string; code?: string; message?: string } };
    };
    const started = Date.now();
    const answers: { status: number; body: { state?: string; code?: string; message?: string } }[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < TRADES) answers.push(await arm(next++));
    }));
    const elapsedMs = Date.now() - started;
    process.stdout.write(`armed ${TRADES} trades through the REST API in ${elapsedMs} ms (${Math.round((TRADES * 60_000) / elapsedMs)} arms/min)\n`);

    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.slice(0, 3)).toEqual([]);
    expect(answers.filter((a) => a.body.state === 'ARMED')).toHaveLength(TRADES);
    const listed = await (await fetch(`${url}/v1/trades?state=ARMED&limit=1000`, { headers: { authorization: `Bearer ${traderToken}` } })).json() as { trades: unknown[] };
    expect(listed.trades).toHaveLength(TRADES);
  }, 240_000);
});
