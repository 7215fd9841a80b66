import { EventName } from '@stoqey/ib';
import type { TwsSim } from '../src';
import { TestClient, stock } from './support/ib-client';
import { REGULAR } from './support/scenario';
import { startSim } from './support/sim-fixture';

async function call(sim: TwsSim, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${sim.controlPort}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('tws-sim control API', () => {
  let sim: TwsSim;
  let client: TestClient;
  beforeAll(async () => {
    ({ sim } = await startSim(REGULAR, undefined, { controlPort: 0 }));
    client = new TestClient(sim.port, 1);
    await client.connect();
  });
  afterAll(async () => {
    client.disconnect();
    await sim.close();
  });

  it('sets a price that the client sees as a tick', async () => {
    client.api.reqMktData(1, stock('AAPL'), '', false, false);
    await client.once(EventName.tickPrice, (id: number) => id === 1);
    const tick = client.once(EventName.tickPrice, (id: number, type: number, price: number) => id === 1 && type === 4 && price === 210.5);
    const res = await call(sim, 'POST', '/market/price', { symbol: 'AAPL', price: 210.5 });
    expect(res.status).toBe(200);
    await tick;
  });

  it('advances the clock and reports state, orders, executions and positions', async () => {
    const before = sim.clock.now();
    expect((await call(sim, 'POST', '/clock/advance', { ms: 60_000 })).status).toBe(200);
    expect(sim.clock.now()).toBe(before + 60_000);
    const state = await call(sim, 'GET', '/state');
    expect(state.json.session).toBe('regular');
    expect(state.json.clientIds).toEqual([1]);
    for (const path of ['/orders', '/executions', '/positions', '/instruments']) expect((await call(sim, 'GET', path)).status).toBe(200);
  });

  it('injects a fault the client observes', async () => {
    expect((await call(sim, 'POST', '/faults/farm-broken', {})).status).toBe(200);
    await client.waitForInfo(2103);
    expect((await call(sim, 'POST', '/faults/farm-ok')).status).toBe(200);
  });

  it('injects a late fill for an order by its orderRef, and refuses one for an order it does not know', async () => {
    const rejected = client.once(EventName.orderStatus, (_id: number, s: string) => s === 'Inactive');
    expect((await call(sim, 'POST', '/faults/reject-next-order', { code: 201 })).status).toBe(200);
    const id = (await call(sim, 'GET', '/orders')).json as unknown as unknown[];
    client.placeOrder(100 + id.length, stock('AAPL'), { action: 'BUY', orderType: 'MKT', totalQuantity: 1, tif: 'DAY', orderRef: 'ctl-late', transmit: true } as never);
    await rejected;
    const exec = client.once(EventName.execDetails);
    expect((await call(sim, 'POST', '/faults/late-fill', { orderRef: 'ctl-late', quantity: 1, price: 200 })).status).toBe(200);
    await exec;
    expect(sim.executions().filter((e) => e.orderRef === 'ctl-late').map((e) => [e.shares, e.price])).toEqual([[1, 200]]);
    expect(await call(sim, 'POST', '/faults/late-fill', { orderRef: 'nobody', quantity: 1 })).toMatchObject({ status: 404, json: { ok: false, code: 'UNKNOWN_ORDER' } });
    expect((await call(sim, 'POST', '/faults/swallow-next-order', {})).status).toBe(200);
  });

  it('books a trade done outside the API: the client sees the position, and no execution', async () => {
    const msft = 272093;
    const executionsBefore = sim.executions().length;
    const res = await call(sim, 'POST', '/account/external-trade', { conId: msft, quantity: 3, price: 400 });
    expect(res.status).toBe(200);
    const seen = client.once(EventName.position, (_account: string, contract: { conId?: number }, pos: number) => contract.conId === msft && pos === 3);
    client.api.reqPositions();
    await seen;
    client.api.cancelPositions();
    expect(sim.positions().find((p) => p.instrument.conId === msft)?.quantity).toBe(3);
    expect(sim.executions()).toHaveLength(executionsBefore);
  });

  it('lowers the pacing limit and restores it', async () => {
    const lowered = await call(sim, 'POST', '/faults/pacing-violation', { perSecond: 7 });
    expect(lowered.status).toBe(200);
    expect(lowered.json.state).toMatchObject({ faults: { pacingLimit: 7 } });
    expect((await call(sim, 'POST', '/faults/pacing-restored')).status).toBe(200);
    expect(sim.context.faults.pacingLimit).toBeUndefined();
  });

  it.each([
    ['POST', '/faults/late-fill', { orderRef: 'x', quantity: 0 }, 400, 'quantity'],
    ['POST', '/account/external-trade', { conId: 999_999_999, quantity: 1, price: 1 }, 404, 'unknown conId'],
    ['POST', '/account/external-trade', { conId: 272093, quantity: 0, price: 1 }, 400, 'quantity'],
    ['POST', '/market/price', { symbol: 'AAPL', price: -1 }, 400, 'price'],
    ['POST', '/market/price', { symbol: 'AAPL', price: 1, extra: true }, 400, 'extra'],
    ['POST', '/market/price', { symbol: 'NOPE', price: 1 }, 404, 'unknown symbol NOPE'],
    ['POST', '/clock/advance', { ms: 'soon' }, 400, 'ms'],
    ['POST', '/faults/refuse-connections', {}, 400, 'seconds'],
    ['POST', '/faults/pacing-violation', { perSecond: 0 }, 400, 'perSecond'],
    ['POST', '/clock/advance', '{not json', 400, 'not JSON'],
    ['DELETE', '/orders', undefined, 404, 'no route'],
  ])('%s %s with bad input %j answers %i and changes nothing', async (method, path, body, status, text) => {
    const now = sim.clock.now();
    const price = sim.context.market.underlyingPrice(sim.context.registry.stock('AAPL')!);
    const res = await call(sim, method, path, body);
    expect(res.status).toBe(status);
    expect(res.json.ok).toBe(false);
    expect(String(res.json.message)).toContain(text);
    expect(sim.clock.now()).toBe(now);
    expect(sim.context.market.underlyingPrice(sim.context.registry.stock('AAPL')!)).toBe(price);
  });
});
