import { Contracts, IfMetOnArm, KvBuckets, TriggerStatus, type TradeId, type TriggerId } from '@arctrigger/contracts';
import { TypedKv, type Bus } from '@arctrigger/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import { TriggerRecord } from '../app/trigger-record';

/** What the trigger-service benches share: a clock in regular hours, seeded triggers, the processed-tick count. */

const REGULAR_MORNING = Date.parse('2026-03-10T14:00:00Z');
export const shift = REGULAR_MORNING - Date.now();
export const shiftedNow = () => Date.now() + shift;

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
