/// <reference lib="dom" />
/**
 * The desk end to end in real Chromium (issue 24), against the real system: nats-server, the TWS
 * simulator, and the gateway, trigger-, risk-, order-, watchlist-service and console as processes.
 * A trader logs in, adds AAPL to the watch list and sees it resolved, arms a trade from it on the
 * ticket, watches its last price move with the simulator's, sees it fire, fill and become
 * protected without a reload, takes 20 % profit and flattens it to CLOSED with its P&L. A bad
 * trigger shows the server's error at its field and arms nothing; a viewer sees no action
 * controls; the event stream resumes after the console is restarted under it, with the events it
 * missed. Screenshots of every view (desktop and phone) go to artifacts/desk/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Contracts } from '@arctrigger/contracts';
import { freePort } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';
import { ARTIFACTS, bundleSize, launchChromium, loggedIn, screenshots } from './desk/desk-browser';

/** Tuesday 10:30 US/Eastern: regular session. */
const SESSION = '2026-11-24T15:30:00Z';
const EXPIRY = '20261127';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const TRADE_WAIT = 30_000;

describe('the desk in Chromium against the real system', () => {
  let system: SystemHarness;
  let browser: Browser;
  let url: string;
  let port: number;
  const tokens: Record<'trader' | 'viewer', string> = { trader: '', viewer: '' };
  let page: Page;
  let tradeId = '';
  const metrics: Record<string, unknown> = {};

  const api = async (path: string, token = ADMIN_TOKEN, init: RequestInit = {}) => {
    const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service', 'watchlist-service', 'console'],
      clockShiftMs: Date.parse(SESSION) - Date.now(),
      sim: {
        scenario: {
          tickIntervalMs: 100,
          stocks: [{ symbol: 'AAPL', conId: 265598, primaryExchange: 'NASDAQ', price: 230, script: [{ at: 0, price: 230 }] }],
        },
      },
      env: { console: { HTTP_PORT: String(port), ARCTRIGGER_ADMIN_TOKEN: ADMIN_TOKEN } },
    });
    for (const role of ['trader', 'viewer'] as const) {
      const created = await api('/v1/tokens', ADMIN_TOKEN, { method: 'POST', body: JSON.stringify({ name: `desk-${role}`, role }) });
      tokens[role] = created.body.token as string;
    }
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    writeFileSync(join(ARTIFACTS, 'metrics.json'), `${JSON.stringify({ ...metrics, bundle: bundleSize() }, null, 2)}\n`);
    await browser?.close();
    await system?.stop();
  });

  it('serves the desk at / and a trader logs in with a token kept in sessionStorage', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    const started = Date.now();
    await page.goto(url);
    await page.getByLabel('API token').waitFor();
    metrics.loginInteractiveMs = Date.now() - started;
    metrics.navigation = await page.evaluate(() => {
      const [n] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return { domInteractiveMs: Math.round(n!.domInteractive), domContentLoadedMs: Math.round(n!.domContentLoadedEventEnd), loadMs: Math.round(n!.loadEventEnd) };
    });
    await screenshots(page, '01-login');

    await page.getByLabel('API token').fill('atk_wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('That token is unknown or revoked.').waitFor();

    const loginAt = Date.now();
    await page.getByLabel('API token').fill(tokens.trader);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('tws-status').filter({ hasText: 'TWS connected' }).waitFor();
    await page.getByTestId('ticket-price').filter({ hasText: '230.00' }).waitFor({ timeout: 15_000 });
    metrics.deskLiveAfterLoginMs = Date.now() - loginAt;
    expect(await page.evaluate(() => sessionStorage.getItem('arctrigger.token'))).toBe(tokens.trader);
    expect(await page.evaluate(() => localStorage.getItem('arctrigger.token'))).toBeNull();
    // The session comes with the first clock answer: awaited, not read at once.
    await page.getByTestId('session').filter({ hasText: 'regular' }).waitFor();
  }, 60_000);

  it('adds AAPL to the watch list and sees it resolved: next expiry, ATM ± 1 calls qualified', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Watch list', exact: true }).click();
    await page.getByLabel('Symbol').fill('AAPL');
    await page.getByLabel('Strikes each side').fill('1');
    await page.getByRole('checkbox', { name: 'PUT' }).uncheck();
    await page.getByRole('button', { name: 'Add' }).click();
    const entry = page.locator('article[data-symbol="AAPL"]');
    await entry.getByTestId('wl-status').filter({ hasText: 'resolved' }).waitFor({ timeout: 20_000 });
    await expect(entry.getByRole('button', { name: /^Arm AAPL \d{8} [\d.]+ CALL$/ }).count()).resolves.toBe(3);

    await page.getByLabel('Symbol').fill('ZZZZ');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.locator('#wl-err-symbol').filter({ hasText: 'CONTRACT_NOT_FOUND' }).waitFor();
    await expect(page.locator('article.wl-entry').count()).resolves.toBe(1);
    await screenshots(page, '02-watchlist');
  }, 60_000);

  it('shows the server\'s breakout error next to the trigger field and arms nothing for a call trigger below the price', async () => {
    await page.locator('article[data-symbol="AAPL"]').getByRole('button', { name: `Arm AAPL ${EXPIRY} 230 CALL` }).click();
    // The ticket is prefilled from the list once its chain has loaded.
    await page.waitForFunction((expiry) => document.querySelector<HTMLSelectElement>('#t-expiry')?.value === expiry, EXPIRY, { timeout: 10_000 });
    await page.getByRole('radio', { name: 'Strike 230', checked: true }).waitFor({ timeout: 10_000 });
    await expect(page.getByRole('radio', { name: 'CALL', exact: true, checked: true }).count()).resolves.toBe(1);
    const before = (await api('/v1/trades')).body.trades as unknown[];

    await page.getByLabel('Trigger price').fill('229.00');
    await page.getByRole('button', { name: /^Arm AAPL CALL$/ }).click();
    const error = page.locator('#err-trigger');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('NOT_A_BREAKOUT');
    await expect(page.getByLabel('Trigger price').getAttribute('aria-describedby')).resolves.toBe('err-trigger');
    expect((await api('/v1/trades')).body.trades).toHaveLength(before.length);
    await screenshots(page, '03-ticket-error');
  }, 60_000);

  it('arms a trade from the ticket and sees it in the watchers with a last price that follows the simulator', async () => {
    await page.getByLabel('Trigger price').fill('231.40');
    await page.getByRole('radio', { name: 'contracts' }).check();
    await page.getByLabel('Number of contracts').fill('5');
    await page.getByLabel('Limit offset').fill('0.05');
    await page.getByLabel('Stop offset').fill('0.50');
    await expect(page.getByTestId('ticket-stop').textContent()).resolves.toContain('stop level 230.90');
    await page.getByRole('button', { name: /^Arm AAPL CALL$/ }).click();
    const armed = page.getByRole('status').filter({ hasText: /^Armed / });
    await page.locator('.ticket [role=status], .ticket .field-error').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.ticket .field-error').allTextContents()).toEqual([]);
    tradeId = (await armed.getByRole('link').textContent())!;
    expect(await armed.textContent()).toContain('ARMED, strike 230, stop 230.90');

    const watcher = page.locator(`tr[data-trade="${tradeId}"][data-purpose="entry"]`);
    await watcher.getByTestId('watcher-last').filter({ hasText: '230.00' }).waitFor({ timeout: 10_000 });
    system.sim!.setPrice('AAPL', 230.62);
    await watcher.getByTestId('watcher-last').filter({ hasText: '230.62' }).waitFor({ timeout: 10_000 });
    await expect(watcher.textContent()).resolves.toContain('231.40');
    await screenshots(page, '04-desk-armed');
  }, 60_000);

  it('sees the trade fire, fill and become protected without a reload when the price crosses the trigger', async () => {
    await page.getByRole('link', { name: tradeId }).first().click();
    await page.getByTestId('trade-page-state').filter({ hasText: 'ARMED' }).waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    system.sim!.setPrice('AAPL', 231.5);
    await page.getByTestId('trade-page-state').filter({ hasText: 'PROTECTED' }).waitFor({ timeout: TRADE_WAIT });
    expect(navigations.filter((u) => !u.includes('#'))).toEqual([]);
    const history = await page.getByRole('region', { name: 'History' }).textContent();
    for (const step of ['fired', 'submitting', 'accepted', 'filled', 'protected']) expect(history).toContain(step);
    const latency = await page.getByRole('region', { name: 'Latency' }).textContent();
    expect(latency).toMatch(/tick\s*\d\d:\d\d:\d\d/);
    expect(latency).toMatch(/filled\s*\d\d:\d\d:\d\d \+\d+ ms/);
    await screenshots(page, '05-trade-protected');
  }, 60_000);

  it('takes 20 % profit and then flattens from the positions view, and sees the trade closed with its P&L', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Positions', exact: true }).click();
    const row = page.locator(`tr[data-trade="${tradeId}"]`);
    await row.getByTestId('position-qty').filter({ hasText: /^5$/ }).waitFor({ timeout: 10_000 });
    await screenshots(page, '06-positions');
    await row.getByRole('button', { name: 'TP 20%' }).click();
    await row.getByTestId('position-qty').filter({ hasText: /^4$/ }).waitFor({ timeout: TRADE_WAIT });
    await row.getByRole('button', { name: 'Flatten' }).click();
    await row.getByTestId('position-qty').filter({ hasText: /^0$/ }).waitFor({ timeout: TRADE_WAIT });
    await expect(row.getByRole('button').count()).resolves.toBe(0);

    await page.getByRole('link', { name: tradeId }).click();
    await page.getByTestId('trade-page-state').filter({ hasText: 'CLOSED' }).waitFor({ timeout: TRADE_WAIT });
    const trade = (await api(`/v1/trades/${tradeId}`)).body.trade as { realizedPnl: number; openQuantity: number; filledQuantity: number };
    expect(trade).toMatchObject({ openQuantity: 0, filledQuantity: 5 });
    const shown = await page.getByTestId('trade-pnl').textContent();
    expect(shown).toBe(`${trade.realizedPnl < 0 ? '−' : ''}$${Math.abs(trade.realizedPnl).toFixed(2)}`);
    const sold = system.sim!.executions().filter((e) => e.orderRef.startsWith(`${tradeId}.`) && e.side === 'SLD');
    expect(sold.reduce((n, e) => n + e.shares, 0)).toBe(5);
    await screenshots(page, '07-trade-closed');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Trades', exact: true }).click();
    await page.locator(`tr[data-trade="${tradeId}"]`).waitFor();
    await screenshots(page, '08-trades');
  }, 90_000);

  it('shows a viewer no action controls anywhere', async () => {
    const { context, page: viewer } = await loggedIn(browser, url, tokens.viewer);
    await viewer.getByTestId('ticket-price').filter({ hasText: /\d+\.\d\d/ }).waitFor({ timeout: 15_000 });
    await viewer.getByText('View only: this token cannot arm trades.').waitFor();
    const actions = /^(Arm|Arm AAPL CALL|Add|Resolve all now|remove|Breakeven|TP \d+%|Flatten|Cancel|Modify|Reset|Kill switch.*|Resume trading.*|Panic.*)$/;
    const visible = async () => viewer.getByRole('button', { name: actions }).count();
    expect(await visible()).toBe(0);
    await screenshots(viewer, '09-viewer-desk');
    for (const view of ['Watch list', 'Positions', 'Trades', 'Risk']) {
      await viewer.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: view, exact: true }).click();
      await viewer.locator('main .panel').first().waitFor();
      expect(await visible()).toBe(0);
    }
    await viewer.goto(`${url}/#/trades/${tradeId}`);
    await viewer.getByTestId('trade-page-state').waitFor();
    expect(await visible()).toBe(0);
    await context.close();
  }, 60_000);

  it('shows an admin the risk view with the kill switch and a Panic button that asks before it acts', async () => {
    const { context, page: admin } = await loggedIn(browser, url, ADMIN_TOKEN);
    await admin.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Risk', exact: true }).click();
    await admin.getByRole('button', { name: 'Kill switch: halt trading' }).waitFor();
    await admin.getByRole('button', { name: 'Panic…' }).click();
    await admin.getByRole('alertdialog', { name: 'Confirm panic' }).getByRole('button', { name: 'No' }).click();
    await admin.getByRole('button', { name: 'Panic…' }).waitFor();
    await expect(admin.getByTestId('risk-state').textContent()).resolves.toBe('ACTIVE');
    await admin.getByRole('region', { name: 'Limits and usage' }).getByText('Open positions').waitFor();
    await screenshots(admin, '10-risk-admin');
    await admin.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await admin.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Desk', exact: true }).click();
    await admin.getByTestId('ticket-price').filter({ hasText: /\d+\.\d\d/ }).waitFor({ timeout: 15_000 });
    await screenshots(admin, '11-desk-dark');
    await context.close();
  }, 60_000);

  it('resumes the event stream after the console is restarted under it, with the events it missed', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Desk', exact: true }).click();
    await page.getByTestId('stream-state').filter({ hasText: 'events live' }).waitFor();
    const reconnectsBefore = await page.evaluate(() => (window as unknown as { arctriggerStream: { reconnects: number } }).arctriggerStream.reconnects);
    const consoleProcess = system.process('console');
    await consoleProcess.stop();
    await page.getByTestId('stream-state').filter({ hasText: 'events reconnecting' }).waitFor({ timeout: 15_000 });

    // While the console is down, a trade is armed over the bus: its events are stored, not sent.
    const bus = await system.bus('console');
    const armed = await bus.request(Contracts.ArmTrade, {
      tradeId: 'desk-resume', symbol: 'AAPL', right: 'CALL', expiry: EXPIRY, strike: 'ATM', trigger: { price: 240, source: 'last' },
      size: { by: 'contracts', contracts: 1 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 },
    });
    expect(armed).toMatchObject({ ok: true, value: { state: 'ARMED' } });

    await system.startService('console');
    await page.getByTestId('stream-state').filter({ hasText: 'events live' }).waitFor({ timeout: 30_000 });
    const missed = await page.waitForFunction(
      () => (window as unknown as { arctriggerStream: { log: Array<{ name: string; id?: string; data: { tradeId?: string; to?: string } }> } }).arctriggerStream.log
        .find((e) => e.name === 'trade' && e.data.tradeId === 'desk-resume' && e.data.to === 'ARMED'),
      undefined,
      { timeout: 20_000 },
    );
    const event = (await missed.jsonValue()) as { id: string };
    expect(event.id).toMatch(/^TRADES:\d+,/);
    const reconnectsAfter = await page.evaluate(() => (window as unknown as { arctriggerStream: { reconnects: number } }).arctriggerStream.reconnects);
    expect(reconnectsAfter).toBeGreaterThan(reconnectsBefore);
    await page.locator('tr[data-trade="desk-resume"][data-purpose="entry"]').waitFor({ timeout: 10_000 });
    await screenshots(page, '12-desk-resumed');
  }, 90_000);

  it('panics from the risk view once the admin confirms: trading HALTED and the report step by step', async () => {
    const { context, page: admin } = await loggedIn(browser, url, ADMIN_TOKEN);
    await admin.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Risk', exact: true }).click();
    await admin.getByRole('button', { name: 'Panic…' }).click();
    await admin.getByRole('alertdialog', { name: 'Confirm panic' }).getByRole('button', { name: 'Yes, panic' }).click();

    const report = admin.getByRole('list', { name: 'Panic report' });
    await report.waitFor({ timeout: 30_000 });
    for (const step of ['halt', 'cancel-all', 'flatten-all']) await report.getByText(step, { exact: true }).waitFor();
    await admin.getByTestId('risk-state').filter({ hasText: 'HALTED' }).waitFor({ timeout: 10_000 });
    expect((await api('/v1/risk')).body).toMatchObject({ tradingState: { state: 'HALTED' } });
    await screenshots(admin, '13-risk-panic');
    await context.close();
  }, 60_000);
});
