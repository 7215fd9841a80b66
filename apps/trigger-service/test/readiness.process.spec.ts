import { Contracts, fail, ok, type ConId } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { BusRecorder, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import type { NatsConnection } from '@nats-io/transport-node';
import { armCommand } from './support/trigger-fixture';
import { shiftedNow, startProcessWorld, startTriggerProcess, type ProcessWorld } from './support/process-harness';

describe('trigger-service readiness (real processes)', () => {
  let world: ProcessWorld;
  let nats: TestNatsServer;
  let admin: NatsConnection;
  let gateway: Bus;
  let orders: Bus;
  let procs: ServiceProcess[];

  beforeEach(async () => {
    world = await startProcessWorld();
    ({ nats, admin, gateway, orders, procs } = world);
  });
  afterEach(() => world.stop());

  it('trigger-service restarted after kill -9 answers arm requests before it subscribes to ticks and asks for quotes of its triggers', async () => {
    // The probe: when the instance first works on an instrument (market-data lease, then the latest
    // quote — both sent right after it subscribed to that instrument's ticks), is an arm answered?
    const PROBE_CON = 7100;
    const probes: Array<{ request: string; armAnswered: boolean }> = [];
    let probing = false;
    let quoteProbed!: () => void;
    const quoteWasProbed = new Promise<void>((resolve) => (quoteProbed = resolve));
    const probe = async (request: string, conIds: number[]) => {
      if (!probing || conIds.every((c) => c === PROBE_CON)) return;
      const answer = await orders.request(Contracts.ArmTrigger, armCommand({ conId: PROBE_CON as ConId, level: 10 }), { timeoutMs: 5_000 });
      probes.push({ request, armAnswered: answer.ok || answer.code !== 'NO_RESPONDERS' });
    };
    gateway.reply(Contracts.AcquireMarketDataLease, async (req) => {
      await probe('market-data lease', req.conIds);
      return ok({ leases: req.conIds.map((conId) => ({ conId, expiresAt: shiftedNow() + req.ttlMs })) });
    });
    gateway.reply(Contracts.ReleaseMarketDataLease, (req) => ok({ released: req.conIds }));
    gateway.reply(Contracts.QuoteSnapshot, async (req) => {
      await probe('quote', [req.conId]);
      if (probing && req.conId !== PROBE_CON) quoteProbed();
      return fail('NO_QUOTE', 'no quote yet');
    });

    procs.push(await startTriggerProcess(nats, 'solo'));
    const events = await BusRecorder.start(admin, 'trg.evt.v1.>');
    const armed = armCommand({ conId: 7001 as ConId, level: 50 });
    expect(await orders.request(Contracts.ArmTrigger, armed)).toMatchObject({ ok: true });
    await events.waitFor((m) => (m.json as { type: string }).type === 'armed');
    await procs.pop()!.kill();
    probing = true;

    procs.push(await startTriggerProcess(nats, 'solo'));
    await quoteWasProbed;
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((p) => p.armAnswered)).toBe(true);
  }, 60_000);
});
