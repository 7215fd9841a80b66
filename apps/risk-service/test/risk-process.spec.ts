import { Contracts, KvBuckets, ok, Streams, TradingStateRecord, type OrderRef } from '@arctrigger/contracts';
import { Bus, createLogger, ensureStreams, TypedKv } from '@arctrigger/service-kit';
import { startNatsServer, startServiceProcess, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import type { NatsConnection } from '@nats-io/transport-node';
import { checkRequest } from './support/builders';
import { check, triggerView } from './support/bus-actors';

/** The built service (apps/risk-service/dist/main.js) as a real process: `npm run build` first. */
describe('risk-service process', () => {
  let nats: TestNatsServer;
  let service: ServiceProcess | undefined;
  const connections: NatsConnection[] = [];
  const env = () => ({
    ...nats.envFor('risk-service'),
    ARCTRIGGER_CLOCK_START: '2026-03-10T10:00:00-04:00',
    RISK_MAX_NOTIONAL_PER_DAY: '1000',
  });
  const busAs = async (user: 'order-service' | 'console' | 'gateway' | 'trigger-service' | 'admin') => {
    const nc = await nats.connectAs(user);
    connections.push(nc);
    return new Bus(nc, { service: user, instanceId: `${user}-test`, logger: createLogger({ service: user, instanceId: user, level: 'silent' }) });
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    const admin = await busAs('admin');
    await ensureStreams(admin.nc, Object.values(Streams));
  });
  afterAll(async () => {
    await service?.kill();
    for (const nc of connections) await nc.close();
    await nats.stop({ removeStore: true });
  });

  it('risk-service process gates orders, runs the kill switch, and keeps its state across a restart', async () => {
    service = await startServiceProcess({ app: 'risk-service', env: env() });
    const orders = await busAs('order-service');
    const consoleBus = await busAs('console');
    const triggers = await busAs('trigger-service');
    const gateway = await busAs('gateway');
    triggers.reply(Contracts.ListTriggers, () => ok({ triggers: [triggerView('E1', 'T1', 'entry'), triggerView('S1', 'T1', 'stop')] }));
    triggers.reply(Contracts.DisarmTrigger, (cmd) => ok(triggerView(cmd.triggerId, 'T1', 'entry', 'disarmed')));
    gateway.reply(Contracts.CancelOpeningOrders, () => ok({ cancelled: ['T1.entry.1' as OrderRef] }));
    await Promise.all([triggers.nc.flush(), gateway.nc.flush()]);

    const approved = await check(orders, checkRequest({ quantity: 4, price: 2, ask: 2 })); // $800 of $1,000
    expect(approved.approved).toBe(true);
    expect(await check(orders, checkRequest({ quantity: 1, price: 2.01, ask: 2.01 }))).toMatchObject({ approved: false, code: 'DAILY_NOTIONAL_EXCEEDED' });
    const halted = await consoleBus.request(Contracts.SetTradingState, { state: 'HALTED', reason: 'kill switch test', actor: 'alice' });
    expect(halted).toMatchObject({ ok: true, value: { cancelledOrders: ['T1.entry.1'], disarmedTriggers: ['E1'], failures: [] } });

    expect(await service.stop()).toEqual({ code: 0, signal: null });
    service = await startServiceProcess({ app: 'risk-service', env: env() });

    const state = await TypedKv.open((await busAs('gateway')).nc, KvBuckets.TRADING_STATE, TradingStateRecord);
    expect((await state.get('current'))?.value.state).toBe('HALTED');
    expect(await check(orders, checkRequest())).toMatchObject({ approved: false, code: 'TRADING_HALTED' });
    await consoleBus.request(Contracts.SetTradingState, { state: 'ACTIVE', reason: 'resume', actor: 'alice' });
    // The $800 reservation survived the restart.
    expect(await check(orders, checkRequest({ quantity: 1, price: 2.01, ask: 2.01 }))).toMatchObject({ approved: false, code: 'DAILY_NOTIONAL_EXCEEDED' });
    expect(await orders.request(Contracts.ReleaseReservation, { reservationId: approved.approved ? approved.reservationId : '', reason: 'cancelled' })).toEqual(ok({ released: true }));
    expect(await check(orders, checkRequest({ quantity: 1, price: 2.01, ask: 2.01 }))).toMatchObject({ approved: true });
  });
});
