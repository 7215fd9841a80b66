import { ConId, TradeId, TriggerId, type AuditViolation, type BrokerSnapshot, type TradeView, type TriggerView } from '@arctrigger/contracts';
import type { AuditInputs } from '../checks/audit-check';
import { runChecks } from '../checks/check-table';
import { planPass } from '../ledger/violation-ledger';

/**
 * The cost of one audit pass over 1,000 unfinished trades: every check over the trades, their stop
 * triggers and the broker's view (1,000 positions, 1,000 working protective stops), and the
 * ledger's plan — what a pass computes once its inputs are in memory (the trades are mirrored
 * from KV; the triggers and the broker's view arrive as one answer each). 1 in 50 trades breaks
 * an invariant, so the findings and the ledger are exercised too.
 */
const TRADES = 1_000;
const PASSES = 200;
const GOAL_MS = 100;
const T0 = 1_700_000_000_000;

function trade(i: number): TradeView {
  const tradeId = `bench-${i}`;
  return {
    tradeId: TradeId.parse(tradeId), state: 'PROTECTED',
    spec: {
      symbol: 'AAPL', right: 'CALL', expiry: '20300118', strike: 200, trigger: { price: 190.5, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 }, takeProfit: {}, premarketPolicy: 'hold', fireImmediately: false,
    },
    optionConId: ConId.parse(10_000 + i), underConId: ConId.parse(265598), strike: 200, multiplier: 100, marketRuleId: 32,
    entryQuantity: 2, filledQuantity: 2, openQuantity: 2, shortQuantity: 0, avgEntryPrice: 1.5, avgExitPrice: null, stopLevel: 189.5,
    entryTriggerId: TriggerId.parse(`${tradeId}-entry`), entryAwaitsReset: false, owner: null, stopTriggerId: TriggerId.parse(`${tradeId}-s1`), takeProfitTriggerId: null,
    entryOrder: null,
    exits: [{ orderRef: `${tradeId}.guard.1` as never, leg: 'guard', side: 'SELL', orderType: 'STP', quantity: 2, limitPrice: null, stopPrice: 189, status: 'accepted', endReason: null, pricedAt: T0, brokerFilled: null, repriceSteps: 0 }],
    fills: [], premarket: null, closing: null, reservationId: null, firedAt: T0, firedPrice: 190.6, firstFillAt: T0, protectedAt: T0,
    commissions: [], totalCommission: 0, realizedPnl: 0, protectionOverdueAt: null, reason: null, adoptedAt: null, resetFrom: null, createdAt: T0, updatedAt: T0, revision: 9,
  };
}

function stop(v: TradeView): TriggerView {
  return {
    triggerId: v.stopTriggerId!, owner: { tradeId: v.tradeId, purpose: 'stop' }, conId: v.underConId!, priceSource: 'last', direction: 'below', level: 189.5,
    sessionScope: 'regular', status: 'armed', statusReason: null, lastPrice: 190, armedAt: T0, updatedAt: T0, revision: 1, firedBy: null, firedSession: null,
  };
}

function inputs(): AuditInputs {
  const trades = Array.from({ length: TRADES }, (_, i) => trade(i));
  // Every 50th trade lost its stop trigger and its protective stop; every 50th (offset) is off by one at the broker.
  const triggers = trades.filter((_, i) => i % 50 !== 0).map(stop);
  const broker: BrokerSnapshot = {
    openOrders: trades.filter((_, i) => i % 50 !== 0).map((v) => ({ orderRef: `${v.tradeId}.guard.1`, permId: null, conId: v.optionConId!, side: 'SELL', orderType: 'STP', totalQuantity: 2, status: 'Submitted' })),
    positions: trades.map((v, i) => ({ account: 'DU1', conId: v.optionConId!, position: i % 50 === 25 ? 3 : 2, avgCost: 150 })),
    at: T0,
  };
  return { now: T0 + 60_000, trades, triggers, broker, bounds: { protectionDeadlineMs: 1_000, submitBoundMs: 30_000, exitBoundMs: 300_000 } };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function main(): void {
  const given = inputs();
  let ledger = new Map<string, AuditViolation>();
  const times: number[] = [];
  let findings = 0;
  for (let pass = 0; pass < PASSES + 20; pass++) {
    const t0 = process.hrtime.bigint();
    const found = runChecks({ ...given, now: given.now + pass * 5_000 });
    const plan = planPass(ledger, found, given.now + pass * 5_000);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    ledger = new Map(ledger);
    for (const w of plan.writes) ledger.set(w.key, w);
    for (const k of plan.forgets) ledger.delete(k);
    findings = found.length;
    if (pass >= 20) times.push(ms); // the first passes warm the JIT
  }
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  console.log(`audit pass over ${TRADES} trades, ${given.triggers.length} stop triggers, ${given.broker!.openOrders.length} broker orders, ${given.broker!.positions.length} positions: ${findings} findings; p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (${PASSES} passes)`);
  console.log(`target audit-pass-1000-trades: ${p99.toFixed(2)} ms (goal ${GOAL_MS} ms) ${p99 <= GOAL_MS ? 'met' : 'MISSED'}`);
}

main();
