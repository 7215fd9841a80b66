import { encodeJson } from '../src/bus/json-codec';
import { BusFixture } from './bus-fixture';
import type { NatsConnection } from '@nats-io/transport-node';

/** Resolves with the permission error the server reports for this connection, if any. */
function nextPermissionError(nc: NatsConnection): Promise<string> {
  return (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'error' && /permission/i.test(String(s.error))) return String(s.error);
    }
    return 'closed';
  })();
}

describe('nats permissions', () => {
  let fx: BusFixture;
  beforeAll(async () => (fx = await BusFixture.start()));
  afterAll(async () => fx.stop());

  it('server refuses the console publishing a broker order command', async () => {
    const console_ = await fx.connect('console');
    const refused = nextPermissionError(console_);
    console_.publish('gw.order.cmd.place.v1', encodeJson({}));
    expect(await refused).toMatch(/publish.*gw\.order\.cmd\.place\.v1/i);
  });

  it('server refuses the trigger-service publishing market data, which only the gateway owns', async () => {
    const trigger = await fx.connect('trigger-service');
    const refused = nextPermissionError(trigger);
    trigger.publish('md.tick.v1.265598', encodeJson({}));
    expect(await refused).toMatch(/publish.*md\.tick\.v1\.265598/i);
  });

  it('server refuses the order-service writing the kill-switch state', async () => {
    const orders = await fx.connect('order-service');
    const refused = nextPermissionError(orders);
    orders.publish('$KV.trading-state.current', encodeJson({ state: 'ACTIVE' }));
    expect(await refused).toMatch(/publish.*\$KV\.trading-state\.current/i);
  });

  it('server delivers market data the gateway publishes to a consumer', async () => {
    const gateway = await fx.connect('gateway');
    const trigger = await fx.connect('trigger-service');
    const sub = trigger.subscribe('md.tick.v1.*', { max: 1 });
    await trigger.flush();
    gateway.publish('md.tick.v1.1', encodeJson({ ok: 1 }));
    for await (const msg of sub) {
      expect(msg.subject).toBe('md.tick.v1.1');
    }
  });

  it('server refuses a wrong password', async () => {
    await expect(
      (async () => {
        const { connect } = await import('@nats-io/transport-node');
        return connect({ servers: fx.nats.url, user: 'gateway', pass: 'wrong', maxReconnectAttempts: 0 });
      })(),
    ).rejects.toThrow(/authorization/i);
  });
});
