import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Contracts, KvBuckets, type ConId, type MarketTick } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { BusRecorder, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import { armCommand, tick } from './support/trigger-fixture';
import { answerGatewayRequests, shiftedNow, startProcessWorld, startTriggerProcess, storedTriggerEvents, type ProcessWorld } from './support/process-harness';

/**
 * A trigger-service killed -9 between a fire's `trg.firing` notice and its record (written
 * TRIGGER_FIRE_RECORD_DELAY_MS later) leaves the trigger ARMED, with no `fired` event: the
 * restarted instance fires it again from the latest quote, and the record is written once.
 */

const CON = 7301;
const RECORD_DELAY_MS = '1000';

describe('fire record after kill -9 (real processes)', () => {
  let world: ProcessWorld;
  let nats: TestNatsServer;
  let admin: NatsConnection;
  let gateway: Bus;
  let orders: Bus;
  let procs: ServiceProcess[];

  beforeAll(async () => {
    world = await startProcessWorld();
    ({ nats, admin, gateway, orders, procs } = world);
  });
  afterAll(() => world.stop());

  it('fire record: a kill -9 after the notice and before the record leaves the trigger ARMED; the restart fires it again and records it once', async () => {
    /** The latest quotes the gateway answers with: none while arming, then one above the level. */
    const quotes = new Map<number, MarketTick>();
    answerGatewayRequests(gateway, quotes);
    const notices = await BusRecorder.start(admin, 'trg.firing.v1.>');
    const events = await BusRecorder.start(admin, 'trg.evt.v1.>');
    const kv = await new Kvm(admin).open(KvBuckets.TRIGGERS.name);
    const statusInKv = async (id: string) => ((await kv.get(id))?.json<{ status: string }>())?.status;
    const env = { TRIGGER_FIRE_RECORD_DELAY_MS: RECORD_DELAY_MS };

    procs.push(await startTriggerProcess(nats, 'solo', env));
    const cmd = armCommand({ conId: CON as ConId, level: 50 });
    expect(await orders.request(Contracts.ArmTrigger, cmd)).toMatchObject({ ok: true });
    await events.waitFor((m) => (m.json as { type: string }).type === 'armed');
    await procs.pop()!.kill();

    // Restarted with a crossing quote: it fires from it on taking the partition, and is killed on the notice.
    quotes.set(CON, tick(CON, shiftedNow(), { last: 50.5 }));
    procs.push(await startTriggerProcess(nats, 'solo', env));
    await notices.waitFor(() => true, 30_000);
    await procs.pop()!.kill();
    expect(await statusInKv(cmd.triggerId)).toBe('armed');
    expect((await storedTriggerEvents(admin)).filter((e) => e.type === 'fired')).toHaveLength(0);

    procs.push(await startTriggerProcess(nats, 'solo', env));
    await notices.waitFor(() => notices.messages.length === 2, 30_000);
    await events.waitFor((m) => (m.json as { type: string }).type === 'fired', 30_000);
    expect(await statusInKv(cmd.triggerId)).toBe('fired');
    const fired = (await storedTriggerEvents(admin)).filter((e) => e.type === 'fired');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ triggerId: cmd.triggerId, tick: { price: 50.5 } });
    expect(notices.messages).toHaveLength(2);
  }, 90_000);
});
