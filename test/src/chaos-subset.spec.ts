/**
 * The fault matrix's representative subset inside `npm test`: one row of each kind of fault that
 * runs on one server (kill -9 of a service, of nats-server; TWS 1100/1101, a socket drop during a
 * fill, a broken farm, duplicate and reordered callbacks, a fill after cancel, an order-id
 * rollback, a pacing violation, a paused service, two trigger-services with one killed), all in
 * one world, each checked against the five invariants; then a short fuzz of every request
 * contract and console route. The whole matrix (every service at every lifecycle point, the 09:30
 * crossing, the 3-node cluster) and 10,000 payloads per target run with `npm run chaos`.
 */
import { FaultRunner } from './chaos/fault-runner';
import { FAULT_TABLE } from './chaos/fault-table';
import { runFuzz } from './chaos/fuzz/fuzz-run';

describe('chaos subset', () => {
  const rows = FAULT_TABLE.filter((r) => r.subset);

  it('chaos subset holds one single-server row of every fault kind', () => {
    const singleServerKinds = new Set(FAULT_TABLE.filter((r) => r.world === 'single').map((r) => r.fault.kind));
    expect(new Set(rows.map((r) => r.fault.kind))).toEqual(singleServerKinds);
    expect(rows.every((r) => r.world === 'single')).toBe(true);
    expect(rows).toHaveLength(singleServerKinds.size);
  });

  it('chaos subset: every subset fault keeps the five invariants and the book completes its lifecycle', async () => {
    const results = await new FaultRunner(() => undefined).run(rows);
    expect(results.filter((r) => !r.ok).map((r) => `${r.row.name}: ${r.failures.join('; ')}`)).toEqual([]);
    expect(results).toHaveLength(rows.length);
  }, 600_000);

  it('chaos subset: a short fuzz — every invalid payload refused clearly, no crash, no state change', async () => {
    const outcome = await runFuzz(40, () => undefined);
    expect(outcome.counts.flatMap((c) => c.examples)).toEqual([]);
    expect(outcome.failures).toBe(0);
    expect(outcome.payloads).toBeGreaterThan(40 * 40);
  }, 300_000);
});
