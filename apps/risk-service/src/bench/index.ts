import { Contracts, Streams, type OrderRef, type RiskCheckRequestV2 } from '@arctrigger/contracts';
import { Bus, createLogger, ensureStreams } from '@arctrigger/service-kit';
import { startNatsServer, startServiceProcess } from '@arctrigger/testkit';

/**
 * risk-service benchmark: a real nats-server and the built risk-service process; the client plays
 * the order-service. Reports check latency over the bus (p50 / p99) for approvals of orders with an
 * orderRef (decided in memory, the decision published to RISK_DECISIONS, the book's snapshot written
 * behind), approvals without one (answered once the snapshot holds them), and denials, and checks
 * per second with many checks in flight (each approval released, as the order-service does when the
 * order ends).
 */
const SEQUENTIAL = 1_000;
const CONCURRENT = 4_000;
const IN_FLIGHT = 64;

let seq = 0;
function order(over: Partial<RiskCheckRequestV2> = {}): RiskCheckRequestV2 {
  seq++;
  // 50 trades, each check a new attempt of its entry.
  const orderRef = `B${seq % 50}.entry.${seq}` as OrderRef;
  return {
    checkId: orderRef, orderRef, tradeId: `B${seq % 50}`, underlying: 'AAPL', conId: 1001, side: 'BUY', quantity: 1, price: 1,
    multiplier: 100, opening: true, session: 'regular', ask: 1, purpose: 'fire', ...over,
  } as RiskCheckRequestV2;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function latencies(bus: Bus, n: number, make: () => RiskCheckRequestV2, expectApproved: boolean): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const reply = await bus.request(Contracts.RiskCheckV2, make());
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!reply.ok || reply.value.approved !== expectApproved) throw new Error(`unexpected answer: ${JSON.stringify(reply)}`);
  }
  return out.sort((a, b) => a - b);
}

async function throughput(bus: Bus, n: number, inFlight: number): Promise<number> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        next++;
        const reply = await bus.request(Contracts.RiskCheckV2, order());
        if (!reply.ok || !reply.value.approved) throw new Error(`check not approved: ${JSON.stringify(reply)}`);
        // As the order-service does once the order ends: the book holds live orders only.
        const released = await bus.request(Contracts.ReleaseReservation, { reservationId: reply.value.reservationId, reason: 'filled' });
        if (!released.ok) throw new Error(`release failed: ${released.code}`);
      }
    }),
  );
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function main(): Promise<void> {
  const nats = await startNatsServer();
  const admin = await nats.connectAs('admin');
  await ensureStreams(admin, Object.values(Streams));
  const service = await startServiceProcess({
    app: 'risk-service',
    env: {
      ...nats.envFor('risk-service'), ARCTRIGGER_CLOCK_START: '2026-03-10T10:00:00-04:00',
      RISK_MAX_NOTIONAL_PER_DAY: '1000000000', RISK_MAX_NOTIONAL_PER_UNDERLYING: '1000000000', RISK_MAX_OPEN_POSITIONS: '1000',
      RISK_MAX_ORDERS_PER_MINUTE: '1000000', RISK_RESERVATION_TTL_MS: '5000',
    },
  });
  const nc = await nats.connectAs('order-service');
  const bus = new Bus(nc, { service: 'order-service', instanceId: 'bench', logger: createLogger({ service: 'bench', instanceId: 'bench', level: 'silent' }) });
  try {
    await latencies(bus, 200, () => order(), true); // warm-up
    const approve = await latencies(bus, SEQUENTIAL, () => order(), true);
    const unlogged = await latencies(bus, SEQUENTIAL, () => order({ orderRef: undefined }), true);
    const deny = await latencies(bus, SEQUENTIAL, () => order({ quantity: 99 }), false);
    const rate = await throughput(bus, CONCURRENT, IN_FLIGHT);
    const rows = [
      ['approve, orderRef (in memory, logged)', SEQUENTIAL, percentile(approve, 50), percentile(approve, 99), '—'],
      ['approve, no orderRef (snapshot first)', SEQUENTIAL, percentile(unlogged, 50), percentile(unlogged, 99), '—'],
      ['deny (no write)', SEQUENTIAL, percentile(deny, 50), percentile(deny, 99), '—'],
      [`approve + release, ${IN_FLIGHT} in flight`, CONCURRENT, '—', '—', rate],
    ] as const;
    const fmt = (v: number | string, d: number) => (typeof v === 'number' ? v.toFixed(d) : v);
    console.log('\nrisk-service benchmark (real nats-server, risk-service process, 1 instance)\n');
    console.log(`${'case'.padEnd(40)} ${'n'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'checks/s'.padStart(10)}`);
    for (const [name, n, p50, p99, cps] of rows) {
      console.log(`${name.padEnd(40)} ${String(n).padStart(6)} ${fmt(p50, 2).padStart(8)} ${fmt(p99, 2).padStart(8)} ${fmt(cps, 0).padStart(10)}`);
    }
    console.log('');
  } finally {
    await nc.close();
    await admin.close();
    await service.stop();
    await nats.stop({ removeStore: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
