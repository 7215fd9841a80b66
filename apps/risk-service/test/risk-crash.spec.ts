import { Contracts, Streams, type RiskCheckRequestV2, type RiskDecided } from '@arctrigger/contracts';
import { Bus, createLogger, ensureStreams } from '@arctrigger/service-kit';
import { startNatsServer, startServiceProcess, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import type { NatsConnection } from '@nats-io/transport-node';
import { checkRequest } from './support/builders';

/**
 * The risk gate decides in memory and writes its book behind (no storage write before the order):
 * a kill -9 in the middle of a burst of approvals must still never let a later check approve past a
 * cap. The judge is what the gateway would act on: every approval published on risk.decision or
 * answered to the asker. Real nats-server, the built risk-service as a process (`npm run build` first).
 */
describe('risk-service killed during a burst of approvals', () => {
  let nats: TestNatsServer;
  let service: ServiceProcess | undefined;
  const connections: NatsConnection[] = [];
  // $200 per check against a $10,000 day: exactly 50 approvals fit; nothing else limits the burst.
  const env = () => ({
    ...nats.envFor('risk-service'),
    ARCTRIGGER_CLOCK_START: '2026-03-10T10:00:00-04:00',
    RISK_MAX_NOTIONAL_PER_DAY: '10000',
    RISK_MAX_NOTIONAL_PER_UNDERLYING: '1000000',
    RISK_MAX_OPEN_POSITIONS: '1000',
    RISK_MAX_ORDERS_PER_MINUTE: '1000',
    RISK_DECIDER_LEASE_MS: '1000',
    // The snapshot is not written during the burst: what the killed instance decided is only in the log.
    RISK_BOOK_WRITE_INTERVAL_MS: '60000',
  });
  const busAs = async (user: 'order-service' | 'admin') => {
    const nc = await nats.connectAs(user);
    connections.push(nc);
    return new Bus(nc, { service: user, instanceId: `${user}-test`, logger: createLogger({ service: user, instanceId: user, level: 'silent' }) });
  };
  const fire = (): RiskCheckRequestV2 => {
    const request = checkRequest({ quantity: 1, price: 2, ask: 2 });
    return { ...request, checkId: `${request.tradeId}.entry.1`, orderRef: `${request.tradeId}.entry.1`, purpose: 'fire' } as RiskCheckRequestV2;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    await ensureStreams((await busAs('admin')).nc, Object.values(Streams));
  });
  afterAll(async () => {
    await service?.kill();
    for (const nc of connections) await nc.close();
    await nats.stop({ removeStore: true });
  });

  it('a risk-service killed with kill -9 mid-burst rebuilds its book from the logged decisions: 50 approvals in all, never more', async () => {
    const orders = await busAs('order-service');
    const admin = await busAs('admin');
    // What the gateway hears (it places on these) and what the asker was answered.
    const approved = new Set<string>();
    admin.nc.subscribe('risk.decision.v1.>', {
      callback: (_e, m) => {
        const d = m.json<RiskDecided>();
        if (d.decision.approved) approved.add(d.checkId);
      },
    });
    await admin.nc.flush();
    service = await startServiceProcess({ app: 'risk-service', env: env() });

    // 40 checks in flight; the process dies with the 20th answer.
    let answered = 0;
    let twentieth!: () => void;
    const twentyAnswered = new Promise<void>((resolve) => (twentieth = resolve));
    const burst = Array.from({ length: 40 }, async () => {
      const request = fire();
      const reply = await orders.request(Contracts.RiskCheckV2, request, { timeoutMs: 3_000 });
      if (reply.ok && reply.value.approved) approved.add(request.checkId);
      if (++answered === 20) twentieth();
    });
    await twentyAnswered;
    await service.kill();
    await Promise.all(burst);
    const beforeKill = approved.size;
    expect(beforeKill).toBeGreaterThanOrEqual(20);

    service = await startServiceProcess({ app: 'risk-service', env: env() });
    // It decides once the dead instance's lease has run out and the book is rebuilt.
    await service.waitFor(/risk book loaded: deciding/, 15_000);

    const after = await Promise.all(Array.from({ length: 60 }, async () => {
      const request = fire();
      const reply = await orders.request(Contracts.RiskCheckV2, request);
      if (!reply.ok) throw new Error(`check failed: ${reply.code} ${reply.message}`);
      if (reply.value.approved) approved.add(request.checkId);
      return reply.value;
    }));
    expect(after.filter((d) => d.approved)).toHaveLength(50 - beforeKill);
    expect(after.filter((d) => !d.approved).every((d) => !d.approved && d.code === 'DAILY_NOTIONAL_EXCEEDED')).toBe(true);
    expect(approved.size).toBe(50);
  });
});
