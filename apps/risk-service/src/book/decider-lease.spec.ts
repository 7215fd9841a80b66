import { ManualClock, type CasResult, type KvRecord, type TypedKv } from '@arctrigger/service-kit';
import { DeciderLease, type DeciderLeaseRecord } from './decider-lease';

const T0 = Date.parse('2026-03-10T14:00:00Z');

/** A one-key KV with compare-and-set, as the lease uses it. */
class FakeKv {
  record: KvRecord<DeciderLeaseRecord> | undefined;
  private revision = 0;
  failing = false;

  async get(): Promise<KvRecord<DeciderLeaseRecord> | undefined> {
    if (this.failing) throw new Error('NATS away');
    return this.record;
  }

  async create(_key: string, value: DeciderLeaseRecord): Promise<CasResult> {
    if (this.failing) throw new Error('NATS away');
    if (this.record) return { ok: false, reason: 'conflict' };
    this.record = { value, revision: ++this.revision };
    return { ok: true, revision: this.revision };
  }

  async update(_key: string, value: DeciderLeaseRecord, revision: number): Promise<CasResult> {
    if (this.failing) throw new Error('NATS away');
    if (this.record?.revision !== revision) return { ok: false, reason: 'conflict' };
    this.record = { value, revision: ++this.revision };
    return { ok: true, revision: this.revision };
  }
}

function lease(kv: FakeKv, clock: ManualClock, id: string, events: string[], loads = true): DeciderLease {
  return new DeciderLease(kv as unknown as TypedKv<typeof DeciderLeaseRecord>, clock, id, 3_000, {
    won: async () => {
      if (!loads) throw new Error('book not loaded');
      events.push(`${id} won`);
    },
    lost: () => void events.push(`${id} lost`),
  }, () => undefined);
}

describe('decider lease', () => {
  it('decider lease is taken when free, and a second instance stays standby while it is held', async () => {
    const kv = new FakeKv();
    const clock = new ManualClock(T0);
    const events: string[] = [];
    const a = lease(kv, clock, 'a', events);
    const b = lease(kv, clock, 'b', events);
    await a.start();
    await b.start();
    expect([a.holds, a.valid(), b.holds, b.valid()]).toEqual([true, true, false, false]);
    expect(await b.takeIfFree()).toBe(false);
    expect(events).toEqual(['a won']);
    expect(kv.record?.value).toEqual({ holder: 'a', until: T0 + 3_000 });
  });

  it('decider lease holder stops deciding a margin before its lease runs out in its own clock, with no I/O', async () => {
    const kv = new FakeKv();
    const clock = new ManualClock(T0);
    const a = lease(kv, clock, 'a', []);
    await a.takeIfFree();
    kv.failing = true; // renewals cannot reach NATS
    clock.set(T0 + 2_249);
    expect(a.valid()).toBe(true);
    clock.set(T0 + 2_250);
    expect(a.valid()).toBe(false);
    expect(await a.renewNow()).toBe(false);
    kv.failing = false;
    expect(await a.renewNow()).toBe(true);
    expect(kv.record?.value.until).toBe(T0 + 2_250 + 3_000);
  });

  it('decider lease is taken over by the standby only once it has run out, and the old holder learns it lost at its next renewal', async () => {
    const kv = new FakeKv();
    const clock = new ManualClock(T0);
    const events: string[] = [];
    const a = lease(kv, clock, 'a', events);
    const b = lease(kv, clock, 'b', events);
    await a.takeIfFree();
    clock.set(T0 + 2_999);
    expect(await b.takeIfFree()).toBe(false);
    clock.set(T0 + 3_000);
    expect(await b.takeIfFree()).toBe(true);
    expect(await a.renewNow()).toBe(false);
    expect([a.holds, b.holds]).toEqual([false, true]);
    expect(events).toEqual(['a won', 'b won', 'a lost']);
  });

  it('decider lease restarted under the same instance id takes its own lease back at once', async () => {
    const kv = new FakeKv();
    const clock = new ManualClock(T0);
    await lease(kv, clock, 'a', []).takeIfFree();
    const restarted = lease(kv, clock, 'a', []);
    expect(await restarted.takeIfFree()).toBe(true);
  });

  it('decider lease given up at a clean stop is taken by the standby at once', async () => {
    const kv = new FakeKv();
    const clock = new ManualClock(T0);
    const a = lease(kv, clock, 'a', []);
    const b = lease(kv, clock, 'b', []);
    await a.takeIfFree();
    await a.stop();
    expect(a.valid()).toBe(false);
    expect(await b.takeIfFree()).toBe(true);
  });

  it('decider lease of two instances racing for a free lease goes to exactly one', async () => {
    const kv = new FakeKv();
    const clock = new ManualClock(T0);
    const events: string[] = [];
    const results = await Promise.all([lease(kv, clock, 'a', events).takeIfFree(), lease(kv, clock, 'b', events).takeIfFree()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  it('decider lease is given back when the book cannot be loaded, so the next attempt (here or elsewhere) takes it', async () => {
    const kv = new FakeKv();
    const clock = new ManualClock(T0);
    const events: string[] = [];
    const failing = lease(kv, clock, 'a', events, false);
    expect(await failing.takeIfFree()).toBe(false);
    expect(failing.holds).toBe(false);
    expect(kv.record?.value).toEqual({ holder: 'a', until: 0 });
    expect(await lease(kv, clock, 'b', events).takeIfFree()).toBe(true);
    expect(events).toEqual(['b won']);
  });
});
