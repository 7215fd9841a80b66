import { Contracts, IfMetOnArm, KvBuckets, TriggerStatus, type ConnectionState, type TradeId, type TriggerView } from '@arctrigger/contracts';
import { TypedKv, type Bus } from '@arctrigger/service-kit';
import type { BusRecorder } from '@arctrigger/testkit';
import { TriggerRecord } from '../src/app/trigger-record';
import type { TriggerRuntime } from '../src/app/trigger-runtime';
import { REGULAR_AT, ShiftedClock, TriggerFixture, publishTick, tick } from './support/trigger-fixture';

const INSTRUMENTS = 50;
const PER_INSTRUMENT = 20;
/** The instrument whose stale tick crosses two triggers in the flap test: ticked last, so its events come after every other tick. */
const LAST = INSTRUMENTS - 1;
const conIdOf = (c: number) => 4000 + c;
/** Trigger k of instrument c: ABOVE 101 + k (a price of 100 crosses none, 101.5 only k = 0). */
const idOf = (c: number, k: number) => `book-${c}-${k}`;

type Status = { type: string; triggerId: string; status: string; reason: string | null };
const statusEvents = (rec: BusRecorder) => rec.messages.map((m) => m.json as Status).filter((e) => e.type === 'status-changed');

async function seedBook(fx: TriggerFixture): Promise<void> {
  const admin = await fx.bus('admin');
  const kv = await TypedKv.open(admin.nc, KvBuckets.TRIGGERS, TriggerRecord);
  const puts: Array<Promise<unknown>> = [];
  for (let c = 0; c < INSTRUMENTS; c++) {
    for (let k = 0; k < PER_INSTRUMENT; k++) {
      puts.push(
        kv.put(idOf(c, k), {
          triggerId: idOf(c, k),
          owner: { tradeId: `trade-${idOf(c, k)}` as TradeId, purpose: 'stop' },
          conId: conIdOf(c),
          priceSource: 'last',
          direction: 'above',
          level: 101 + k,
          sessionScope: 'regular',
          ifMetOnArm: IfMetOnArm.REJECT,
          status: TriggerStatus.ARMED,
          statusReason: null,
          lastPrice: null,
          armedAt: REGULAR_AT,
          updatedAt: REGULAR_AT,
          firedBy: null,
          firedSession: null,
          firedPublished: false,
        }),
      );
    }
  }
  await Promise.all(puts);
}

function connection(firingAllowed: boolean, at: number): ConnectionState {
  return firingAllowed
    ? { status: 'connected', reason: 'connectivity restored (1102)', code: 1102, account: 'DU1', clientId: 1, serverVersion: 176, firingAllowed, at }
    : { status: 'disconnected', reason: 'connectivity lost (1100)', code: 1100, account: 'DU1', clientId: 1, serverVersion: 176, firingAllowed, at };
}

/**
 * A book of 1,000 armed triggers on one instance: a global stale change must not produce one
 * status event per trigger; the list (answered by the evaluating instance) still shows each.
 */
describe('trigger-service status events on a large book (in-process, real NATS)', () => {
  let fx: TriggerFixture;
  let gateway: Bus;
  let orders: Bus;
  let clock: ShiftedClock;
  let runtime: TriggerRuntime;
  let events: BusRecorder;

  beforeAll(async () => {
    fx = await TriggerFixture.start();
    await seedBook(fx);
    clock = new ShiftedClock(REGULAR_AT);
    runtime = await fx.runtime('solo', clock);
    gateway = await fx.bus('gateway');
    orders = await fx.bus('order-service');
    events = await fx.recorder();
  });
  afterAll(async () => fx.stop());

  const list = async (conId?: number): Promise<TriggerView[]> => {
    const reply = await orders.request(Contracts.ListTriggers, { includeFinished: false, ...(conId ? { conId } : {}) });
    if (!reply.ok) throw new Error(`list failed: ${reply.code}`);
    return reply.value.triggers;
  };

  it('trigger-service announces only the trigger a stale tick holds back when the gateway disconnects, and lists every trigger as waiting-fresh-data', async () => {
    expect(runtime.engine.index.size).toBe(INSTRUMENTS * PER_INSTRUMENT);
    gateway.publish(Contracts.ConnectionState, connection(false, clock.now()));
    publishTick(gateway, tick(conIdOf(0), clock.now(), { last: 101.5 }, 1)); // would fire book-0-0
    await events.waitFor((m) => (m.json as Status).type === 'status-changed' && (m.json as Status).triggerId === idOf(0, 0));
    const whileDown = await list();

    gateway.publish(Contracts.ConnectionState, connection(true, clock.now()));
    publishTick(gateway, tick(conIdOf(0), clock.now(), { last: 100.5 }, 2)); // fresh; crosses nothing now
    await events.waitFor((m) => (m.json as Status).type === 'status-changed' && (m.json as Status).status === 'armed');
    const ticked = await list(conIdOf(0));
    const notTicked = await list(conIdOf(1));

    expect(whileDown).toHaveLength(INSTRUMENTS * PER_INSTRUMENT);
    expect(whileDown.every((t) => t.status === 'waiting-fresh-data' && t.statusReason?.startsWith('gateway: disconnected'))).toBe(true);
    expect(statusEvents(events).map((e) => [e.triggerId, e.status])).toEqual([
      [idOf(0, 0), 'waiting-fresh-data'],
      [idOf(0, 0), 'armed'],
    ]);
    expect(statusEvents(events)[0]?.reason).toMatch(/^gateway: disconnected/);
    expect(ticked.map((t) => t.status)).toEqual(Array.from({ length: PER_INSTRUMENT }, () => 'armed'));
    // Prices of an instrument that has not ticked since the outage are not usable yet.
    expect(notTicked.map((t) => t.status)).toEqual(Array.from({ length: PER_INSTRUMENT }, () => 'waiting-fresh-data'));
  });

  it('trigger-service announces only the triggers stale ticks would have fired while a farm flaps under live ticks', async () => {
    const before = statusEvents(events).length;
    gateway.publish(Contracts.FeedState, { feed: 'usfarm', stale: true, code: 2103, message: 'farm broken', at: clock.now() });
    for (let c = 0; c < INSTRUMENTS; c++) publishTick(gateway, tick(conIdOf(c), clock.now(), { last: c === LAST ? 102.5 : 100 }, 10));
    await events.waitFor((m) => (m.json as Status).type === 'status-changed' && (m.json as Status).triggerId === idOf(LAST, 1));
    gateway.publish(Contracts.FeedState, { feed: 'usfarm', stale: false, code: 2104, message: 'farm ok', at: clock.now() });
    for (let c = 0; c < INSTRUMENTS; c++) publishTick(gateway, tick(conIdOf(c), clock.now(), { last: 100 }, 11));
    await events.waitFor((m) => (m.json as Status).status === 'armed' && (m.json as Status).triggerId === idOf(LAST, 1));
    const after = await list();

    expect(statusEvents(events).slice(before).map((e) => [e.triggerId, e.status])).toEqual([
      [idOf(LAST, 0), 'waiting-fresh-data'],
      [idOf(LAST, 1), 'waiting-fresh-data'],
      [idOf(LAST, 0), 'armed'],
      [idOf(LAST, 1), 'armed'],
    ]);
    expect(after.every((t) => t.status === 'armed')).toBe(true);
  });
});
