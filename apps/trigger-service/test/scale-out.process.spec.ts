import { Contracts, KvBuckets, type ConId, type MarketTick, type TriggerFired } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { BusRecorder, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { partitionOf } from '../src/partitions/partition-of';
import { armCommand, tick } from './support/trigger-fixture';
import { answerGatewayRequests, shiftedNow, startProcessWorld, startTriggerProcess, storedTriggerEvents, type ProcessWorld } from './support/process-harness';

const isFired = (m: { json: unknown }) => (m.json as TriggerFired).type === 'fired';
const CON_IDS = Array.from({ length: 24 }, (_, i) => 5001 + i);

async function leaseOwners(nc: NatsConnection): Promise<Map<number, string>> {
  const kv = await new Kvm(nc).open(KvBuckets.TRIGGER_LEASES.name);
  const owners = new Map<number, string>();
  for (let p = 0; p < 16; p++) {
    const e = await kv.get(`p.${p}`);
    if (e?.operation === 'PUT') owners.set(p, e.json<{ owner: string; expiresAt: number }>().owner);
  }
  return owners;
}

describe('trigger-service processes', () => {
  let world: ProcessWorld;
  let nats: TestNatsServer;
  let admin: NatsConnection;
  let gateway: Bus;
  let orders: Bus;
  let procs: ServiceProcess[];
  const quotes = new Map<number, MarketTick>();

  beforeEach(async () => {
    world = await startProcessWorld();
    ({ nats, admin, gateway, orders, procs } = world);
    quotes.clear();
    answerGatewayRequests(gateway, quotes);
  });
  afterEach(() => world.stop());

  const publishRound = (price: number, seq: number) => {
    for (const conId of CON_IDS) gateway.publish(Contracts.MarketTick, tick(conId, shiftedNow(), { last: price }, seq), { params: { conId }, trace: false });
  };

  it('trigger-service fires every trigger exactly once across two instances when one is killed -9 under live ticks', async () => {
    procs.push(await startTriggerProcess(nats, 'a'));
    procs.push(await startTriggerProcess(nats, 'b'));
    const [a] = procs as [ServiceProcess, ServiceProcess];
    const events = await BusRecorder.start(admin, 'trg.evt.v1.>');
    const early = CON_IDS.map((conId) => armCommand({ conId: conId as ConId, level: 100 }));
    const late = CON_IDS.map((conId) => armCommand({ conId: conId as ConId, level: 200 }));
    for (const cmd of [...early, ...late]) expect(await orders.request(Contracts.ArmTrigger, cmd)).toMatchObject({ ok: true });
    // Wait until both instances hold a share.
    let owners = await leaseOwners(admin);
    const split = (o: Map<number, string>) => o.size === 16 && [...o.values()].every((v) => v === 'a' || v === 'b') && new Set(o.values()).size === 2;
    for (let i = 0; i < 50 && !split(owners); i++) {
      await new Promise((r) => setTimeout(r, 200)); // no event announces a rebalance
      owners = await leaseOwners(admin);
    }
    expect(new Set(owners.values())).toEqual(new Set(['a', 'b']));

    let seq = 1;
    publishRound(99, seq++);
    publishRound(150, seq++); // crosses every early trigger while both run
    await Promise.all(early.map((c) => events.waitFor((m) => isFired(m) && (m.json as TriggerFired).triggerId === c.triggerId)));

    const ownedByA = CON_IDS.filter((conId) => owners.get(partitionOf(conId, 16)) === 'a');
    expect(ownedByA.length).toBeGreaterThan(0);
    await a.kill();
    const killedAt = Date.now();
    const ticking = setInterval(() => publishRound(250, seq++), 100); // live traffic, crossing every late trigger
    try {
      await Promise.all(late.map((c) => events.waitFor((m) => isFired(m) && (m.json as TriggerFired).triggerId === c.triggerId, 15_000)));
    } finally {
      clearInterval(ticking);
    }
    const lastFiredAt = Date.now();
    await new Promise((r) => setTimeout(r, 1_000)); // let any (wrong) second fire arrive before counting

    const stored = (await storedTriggerEvents(admin)).filter((e) => e.type === 'fired');
    const perTrigger = new Map<string, number>();
    for (const e of stored) perTrigger.set(e.triggerId, (perTrigger.get(e.triggerId) ?? 0) + 1);
    // Re-publishes of a fire whose publisher died before marking it published are expected (and
    // dropped by JetStream); a second compare-and-set winner would show a different tick.
    const copies = new Map<string, Set<string>>();
    for (const m of events.messages.filter(isFired)) {
      const f = m.json as TriggerFired;
      copies.set(f.triggerId, (copies.get(f.triggerId) ?? new Set()).add(`${f.tick.seq}@${f.tick.price}|${m.headers['Nats-Msg-Id']}`));
    }
    expect(perTrigger.size).toBe(early.length + late.length);
    expect([...perTrigger.values()].every((n) => n === 1)).toBe(true);
    expect([...copies.values()].every((c) => c.size === 1)).toBe(true);
    expect(lastFiredAt - killedAt).toBeLessThan(5_000 + 1_000);
  }, 90_000);

  it('trigger-service fires every trigger exactly once while a second instance joins and the first leaves under a rising price', async () => {
    const conIds = CON_IDS.slice(0, 12);
    const levels = Array.from({ length: 30 }, (_, i) => 100.1 + i * 0.5);
    procs.push(await startTriggerProcess(nats, 'a'));
    const events = await BusRecorder.start(admin, 'trg.evt.v1.>');
    const cmds = conIds.flatMap((conId) => levels.map((level) => armCommand({ conId: conId as ConId, level })));
    for (const cmd of cmds) expect(await orders.request(Contracts.ArmTrigger, cmd)).toMatchObject({ ok: true });

    // The price climbs 0.05 a round (one round per 100 ms, 30 s to the top): triggers cross all
    // along the join and the leave.
    const firedCount = () => events.messages.filter(isFired).length;
    let seq = 1;
    let price = 100;
    const ticking = setInterval(() => {
      price = Math.min(price + 0.05, 116);
      for (const conId of conIds) gateway.publish(Contracts.MarketTick, tick(conId, shiftedNow(), { last: price }, seq), { params: { conId }, trace: false });
      seq++;
    }, 100);
    try {
      const firedBeforeJoin = firedCount();
      procs.push(await startTriggerProcess(nats, 'b'));
      // A released lease keeps its key with no owner ("").
      const ownersOf = (o: Map<number, string>) => new Set([...o.values()].filter((owner) => owner !== ''));
      const both = (o: Map<number, string>) => ownersOf(o).size === 2;
      let owners = await leaseOwners(admin);
      for (let i = 0; i < 300 && !both(owners); i++) {
        await new Promise((r) => setTimeout(r, 100)); // no event announces a rebalance
        owners = await leaseOwners(admin);
      }
      expect(ownersOf(owners)).toEqual(new Set(['a', 'b']));
      const firedAtLeave = firedCount();
      await (procs[0] as ServiceProcess).stop(); // clean leave: its partitions are released at once
      await Promise.all(cmds.map((c) => events.waitFor((m) => isFired(m) && (m.json as TriggerFired).triggerId === c.triggerId, 60_000)));
      // Triggers crossed while b joined and after a left (the scenario happened as intended).
      expect(firedAtLeave).toBeGreaterThan(firedBeforeJoin);
      expect(firedCount()).toBeGreaterThan(firedAtLeave);
    } finally {
      clearInterval(ticking);
    }
    await new Promise((r) => setTimeout(r, 1_000)); // let any (wrong) second fire arrive before counting

    const stored = (await storedTriggerEvents(admin)).filter((e) => e.type === 'fired');
    const perTrigger = new Map<string, number>();
    for (const e of stored) perTrigger.set(e.triggerId, (perTrigger.get(e.triggerId) ?? 0) + 1);
    const copies = new Map<string, Set<string>>();
    for (const m of events.messages.filter(isFired)) {
      const f = m.json as TriggerFired;
      copies.set(f.triggerId, (copies.get(f.triggerId) ?? new Set()).add(`${f.tick.seq}@${f.tick.price}`));
    }
    expect(perTrigger.size).toBe(cmds.length);
    expect([...perTrigger.values()].every((n) => n === 1)).toBe(true);
    expect([...copies.values()].every((c) => c.size === 1)).toBe(true);
  }, 120_000);

  it('trigger-service re-arms every trigger after a restart and fires once a condition met while it was down', async () => {
    procs.push(await startTriggerProcess(nats, 'solo'));
    const events = await BusRecorder.start(admin, 'trg.evt.v1.>');
    const metWhileDown = armCommand({ conId: 6001 as ConId, level: 10 });
    const stillArmed = armCommand({ conId: 6002 as ConId, level: 10, direction: 'below' });
    for (const cmd of [metWhileDown, stillArmed]) expect(await orders.request(Contracts.ArmTrigger, cmd)).toMatchObject({ ok: true });
    await events.waitFor((m) => (m.json as { type: string; triggerId: string }).type === 'armed' && (m.json as { triggerId: string }).triggerId === stillArmed.triggerId);

    await procs.pop()!.kill();
    quotes.set(6001, tick(6001, shiftedNow(), { last: 10.5 }, 7)); // the market moved while it was down
    quotes.set(6002, tick(6002, shiftedNow(), { last: 11 }, 7));
    procs.push(await startTriggerProcess(nats, 'solo'));
    const fired = await events.waitFor((m) => isFired(m) && (m.json as TriggerFired).triggerId === metWhileDown.triggerId, 15_000);
    const listed = await orders.request(Contracts.ListTriggers, { includeFinished: true });
    gateway.publish(Contracts.MarketTick, tick(6002, shiftedNow(), { last: 9.99 }, 8), { params: { conId: 6002 }, trace: false });
    await events.waitFor((m) => isFired(m) && (m.json as TriggerFired).triggerId === stillArmed.triggerId, 10_000);

    expect(fired.json).toMatchObject({ tick: { price: 10.5, seq: 7 } });
    expect(listed).toMatchObject({ ok: true, value: { triggers: expect.arrayContaining([expect.objectContaining({ triggerId: stillArmed.triggerId, status: 'armed' })]) } });
    const stored = (await storedTriggerEvents(admin)).filter((e) => e.type === 'fired');
    expect(stored.map((e) => e.triggerId).sort()).toEqual([metWhileDown.triggerId, stillArmed.triggerId].sort());
  }, 60_000);
});
