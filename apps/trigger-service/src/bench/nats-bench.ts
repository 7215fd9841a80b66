import { Contracts, IfMetOnArm, KvBuckets, TriggerStatus, fail, ok, type TradeId, type TriggerId } from '@arctrigger/contracts';
import { Bus, TypedKv, createLogger, encodeJson } from '@arctrigger/service-kit';
import { startNatsServer, startServiceProcess, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import type { NatsConnection } from '@nats-io/transport-node';
import { TriggerRecord } from '../app/trigger-record';

const REGULAR_MORNING = Date.parse('2026-03-10T14:00:00Z');
export const shift = REGULAR_MORNING - Date.now();
export const shiftedNow = () => Date.now() + shift;

export interface NatsResult {
  instances: number;
  triggers: number;
  instruments: number;
  published: number;
  processed: number;
  ticksPerSecond: number;
}

export async function seed(nc: NatsConnection, triggers: number, instruments: number): Promise<void> {
  const kv = await TypedKv.open(nc, KvBuckets.TRIGGERS, TriggerRecord);
  const now = shiftedNow();
  for (let i = 0; i < triggers; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, triggers - i) }, (_, k) => {
        const n = i + k;
        const above = n % 2 === 0;
        return kv.put(`bench-${n}`, {
          triggerId: `bench-${n}` as TriggerId,
          owner: { tradeId: `bench-trade-${n}` as TradeId, purpose: 'entry' },
          conId: (9000 + (n % instruments)),
          priceSource: 'last',
          direction: above ? 'above' : 'below',
          level: above ? 1_000 + (n % 97) : 1 + (n % 7) / 10, // never crossed: pure evaluation cost
          sessionScope: 'regular',
          ifMetOnArm: IfMetOnArm.REJECT,
          status: TriggerStatus.ARMED,
          statusReason: null,
          lastPrice: null,
          armedAt: now,
          updatedAt: now,
          firedBy: null,
          firedSession: null,
          firedPublished: false,
        });
      }),
    );
  }
}

export async function processedTicks(bus: Bus): Promise<number> {
  const replies = await bus.requestAll(Contracts.Health, {}, 300);
  let total = 0;
  for (const r of replies) {
    if (!r.ok || r.value.service !== 'trigger-service') continue;
    const detail = r.value.checks.find((c) => c.name === 'trigger-engine')?.detail ?? '';
    total += Number(/ticks=(\d+)/.exec(detail)?.[1] ?? 0);
  }
  return total;
}

/**
 * Ticks per second through NATS: a real nats-server, `instances` real trigger-service processes
 * sharing the partitions, a publisher playing the gateway. Reported rate = ticks processed by the
 * instances (read from their health answers) / time from first publish to last processed.
 */
export async function runNatsBench(instances: number, triggers = 20_000, instruments = 1_000, ticks = 400_000): Promise<NatsResult> {
  const nats: TestNatsServer = await startNatsServer();
  const procs: ServiceProcess[] = [];
  const admin = await nats.connectAs('admin');
  const gatewayNc = await nats.connectAs('gateway');
  const gateway = new Bus(gatewayNc, { service: 'gateway', instanceId: 'bench-gw', logger: createLogger({ service: 'gateway', instanceId: 'bench', level: 'warn' }) });
  gateway.reply(Contracts.AcquireMarketDataLease, (r) => ok({ leases: r.conIds.map((conId) => ({ conId, expiresAt: shiftedNow() + r.ttlMs })) }));
  gateway.reply(Contracts.ReleaseMarketDataLease, (r) => ok({ released: r.conIds }));
  gateway.reply(Contracts.QuoteSnapshot, () => fail('NO_QUOTE', 'bench'));
  try {
    await seed(admin, triggers, instruments);
    for (let i = 0; i < instances; i++) {
      procs.push(
        await startServiceProcess({
          app: 'trigger-service',
          env: {
            ...nats.envFor('trigger-service'),
            SERVICE_INSTANCE_ID: `bench-${i}`,
            LOG_LEVEL: 'info',
            ARCTRIGGER_CLOCK_START: new Date(shiftedNow()).toISOString(),
            TRIGGER_PARTITIONS: '64',
            TRIGGER_LEASE_TTL_MS: '3000',
            TRIGGER_HEARTBEAT_MS: '500',
            TRIGGER_MAX_TICK_AGE_MS: '600000',
          },
        }),
      );
    }
    await new Promise((r) => setTimeout(r, instances > 1 ? 4_000 : 1_000)); // let partitions settle (no event for "balanced")
    const payloads = Array.from({ length: instruments }, (_, c) => ({
      subject: `md.tick.v1.${9000 + c}`,
      data: encodeJson({ conId: 9000 + c, seq: 1, bid: 99.99, ask: 100.01, last: 100, bidSize: 1, askSize: 1, lastSize: 1, exchangeTime: null, receivedAt: shiftedNow() }),
    }));
    const base = await processedTicks(gateway);
    const start = Date.now();
    for (let i = 0; i < ticks; i++) {
      const p = payloads[i % instruments] as { subject: string; data: Uint8Array };
      gatewayNc.publish(p.subject, p.data);
      if (i % 5_000 === 4_999) await gatewayNc.flush();
    }
    await gatewayNc.flush();
    let processed = 0;
    let last = -1;
    let end = Date.now();
    for (let i = 0; i < 200; i++) {
      processed = (await processedTicks(gateway)) - base;
      if (processed >= ticks || processed === last) break;
      if (processed > last) end = Date.now();
      last = processed;
    }
    end = processed >= ticks ? Date.now() : end;
    return { instances, triggers, instruments, published: ticks, processed, ticksPerSecond: processed / ((end - start) / 1000) };
  } finally {
    for (const p of procs) await p.stop();
    await gatewayNc.close();
    await admin.close();
    await nats.stop({ removeStore: true });
  }
}
