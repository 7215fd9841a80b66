/**
 * The five invariants every fault row must keep, computed from the simulator's own records (its
 * orders, executions and positions) and what the bus holds (KV projections, audit streams):
 *
 * 1. at most one broker order per orderRef, and no order the trades do not explain;
 * 2. every execution at the simulator appears exactly once, on the trade it belongs to;
 * 3. every held position has a live stop (checked until the protection deadline);
 * 4. every armed trigger is still armed, or fired exactly once;
 * 5. the broker's positions equal ArcTrigger's; P&L equals the simulator's cash flows minus commissions.
 */
import { parseOrderRef, type TradeView } from '@arctrigger/contracts';
import type { TwsSim } from '@arctrigger/tws-sim';
import type { BusSnapshot } from './bus-records';

export type InvariantId = 1 | 2 | 3 | 4 | 5;

export interface InvariantResult {
  id: InvariantId;
  name: string;
  violations: string[];
}

export const INVARIANT_NAMES: Record<InvariantId, string> = {
  1: 'one order per orderRef, none unexplained',
  2: 'every execution once on its trade',
  3: 'every held position protected',
  4: 'every trigger armed or fired once',
  5: 'positions and P&L match the broker',
};

const WORKING = new Set(['PendingSubmit', 'PreSubmitted', 'Submitted']);
const LIVE_TRIGGER = new Set(['armed', 'waiting-fresh-data']);

/** The trades of the snapshot by trade id (the KV key is the projection's own id). */
function tradesById(bus: BusSnapshot): Map<string, TradeView> {
  return new Map([...bus.trades.values()].map((t) => [t.tradeId, t]));
}

export function ordersOnePerRef(sim: TwsSim, bus: BusSnapshot): string[] {
  const trades = tradesById(bus);
  const byRef = new Map<string, number>();
  for (const o of sim.orders()) byRef.set(o.orderRef, (byRef.get(o.orderRef) ?? 0) + 1);
  const out: string[] = [];
  for (const [ref, n] of byRef) {
    if (n > 1) out.push(`${ref}: ${n} broker orders`);
    const parts = parseOrderRef(ref);
    const trade = parts && trades.get(parts.tradeId);
    if (!parts || !trade) out.push(`${ref || '(empty orderRef)'}: no trade explains it`);
    else if (trade.entryOrder?.orderRef !== ref && !trade.exits.some((e) => e.orderRef === ref)) out.push(`${ref}: not among ${parts.tradeId}'s orders`);
  }
  return out;
}

export function executionsOnceOnTheirTrade(sim: TwsSim, bus: BusSnapshot): string[] {
  const trades = tradesById(bus);
  const out: string[] = [];
  const atBroker = new Map(sim.executions().map((e) => [e.execId, e]));
  const booked = new Map<string, string[]>();
  for (const t of trades.values()) for (const f of t.fills) booked.set(f.execId, [...(booked.get(f.execId) ?? []), t.tradeId]);
  for (const [execId, e] of atBroker) {
    const owner = parseOrderRef(e.orderRef)?.tradeId;
    const on = booked.get(execId) ?? [];
    if (on.length === 0) out.push(`${execId} (${e.orderRef}, ${e.side} ${e.shares}): lost, on no trade`);
    else if (on.length > 1) out.push(`${execId}: booked ${on.length} times (${on.join(', ')})`);
    else if (on[0] !== owner) out.push(`${execId}: on ${on[0]}, belongs to ${owner}`);
  }
  for (const [execId, on] of booked) if (!atBroker.has(execId)) out.push(`${execId} on ${on.join(', ')}: no such execution at the broker`);
  return out;
}

/** Held positions without a live stop: an armed stop trigger or a working sell order at the broker. */
export function unprotectedPositions(sim: TwsSim, bus: BusSnapshot): string[] {
  const out: string[] = [];
  const working = new Set(sim.orders().filter((o) => o.action === 'SELL' && WORKING.has(o.state)).map((o) => parseOrderRef(o.orderRef)?.tradeId));
  for (const t of tradesById(bus).values()) {
    if (t.openQuantity <= 0) continue;
    const stop = t.stopTriggerId ? bus.triggers.get(t.stopTriggerId) : undefined;
    if (stop && LIVE_TRIGGER.has(stop.status)) continue;
    if (working.has(t.tradeId)) continue;
    out.push(`${t.tradeId} holds ${t.openQuantity} (${t.state}): stop trigger ${t.stopTriggerId ?? 'none'} ${stop?.status ?? 'absent'}, no working sell order`);
  }
  return out;
}

export function triggersArmedOrFiredOnce(bus: BusSnapshot, bookTradeIds: readonly string[]): string[] {
  const trades = tradesById(bus);
  const out: string[] = [];
  const firedTrades = new Map<string, number>();
  for (const e of bus.tradeEvents) if (e.type === 'fired') firedTrades.set(e.tradeId, (firedTrades.get(e.tradeId) ?? 0) + 1);
  const firedTriggers = new Map<string, number>();
  for (const e of bus.triggerEvents) if (e.type === 'fired') firedTriggers.set(e.triggerId, (firedTriggers.get(e.triggerId) ?? 0) + 1);
  for (const [id, n] of firedTrades) if (n > 1) out.push(`${id}: fired ${n} times`);
  for (const [id, n] of firedTriggers) if (n > 1) out.push(`trigger ${id}: fired ${n} times`);
  for (const id of bookTradeIds) {
    const t = trades.get(id);
    if (!t) {
      out.push(`${id}: armed, then lost (no trade on the bus)`);
      continue;
    }
    const entry = t.entryTriggerId ? bus.triggers.get(t.entryTriggerId) : undefined;
    const fired = firedTrades.get(id) ?? 0;
    if (t.state === 'ARMED' && !(entry && LIVE_TRIGGER.has(entry.status))) out.push(`${id}: ARMED but its trigger ${t.entryTriggerId} is ${entry?.status ?? 'absent'}`);
    if (t.state !== 'ARMED' && t.firedAt !== null && fired !== 1) out.push(`${id}: ${t.state} after firing, ${fired} fired events`);
    if (fired === 1 && entry && entry.status !== 'fired') out.push(`${id}: fired, but its trigger ${entry.triggerId} is ${entry.status}`);
  }
  return out;
}

export function positionsAndPnlMatch(sim: TwsSim, bus: BusSnapshot): string[] {
  const out: string[] = [];
  const trades = [...tradesById(bus).values()];
  const ours = new Map<number, number>();
  for (const t of trades) if (t.optionConId !== null && t.openQuantity !== 0) ours.set(t.optionConId, (ours.get(t.optionConId) ?? 0) + t.openQuantity);
  const broker = new Map<number, number>();
  for (const p of sim.positions()) if (p.instrument.secType === 'OPT' && p.quantity !== 0) broker.set(p.instrument.conId, p.quantity);
  for (const conId of new Set([...ours.keys(), ...broker.keys()])) {
    if ((ours.get(conId) ?? 0) !== (broker.get(conId) ?? 0)) out.push(`option ${conId}: broker holds ${broker.get(conId) ?? 0}, ArcTrigger ${ours.get(conId) ?? 0}`);
  }
  const execs = sim.executions();
  for (const t of trades) {
    if (t.openQuantity !== 0 || t.fills.length === 0) continue;
    const mine = [...new Map(execs.filter((e) => parseOrderRef(e.orderRef)?.tradeId === t.tradeId).map((e) => [e.execId, e])).values()];
    const multiplier = t.multiplier ?? 100;
    const cash = mine.reduce((s, e) => s + (e.side === 'SLD' ? 1 : -1) * e.shares * e.price * multiplier, 0);
    const commissions = mine.reduce((s, e) => s + e.commission, 0);
    const expected = cash - commissions;
    if (Math.abs(expected - t.realizedPnl) > 0.01) {
      const missing = mine.filter((e) => !t.commissions.some((c) => c.execId === e.execId)).map((e) => `${e.execId} (${e.orderRef})`);
      const commissionNote = Math.abs(commissions - t.totalCommission) > 0.001 ? `; commissions ${t.totalCommission.toFixed(2)} booked of ${commissions.toFixed(2)} charged${missing.length ? `, none booked for ${missing.join(', ')}` : ''}` : '';
      out.push(`${t.tradeId}: realized P&L ${t.realizedPnl.toFixed(2)}, broker cash flows − commissions ${expected.toFixed(2)}${commissionNote}`);
    }
  }
  return out;
}

/** All five, on one snapshot. */
export function checkInvariants(sim: TwsSim, bus: BusSnapshot, bookTradeIds: readonly string[]): InvariantResult[] {
  const results: Record<InvariantId, string[]> = {
    1: ordersOnePerRef(sim, bus),
    2: executionsOnceOnTheirTrade(sim, bus),
    3: unprotectedPositions(sim, bus),
    4: triggersArmedOrFiredOnce(bus, bookTradeIds),
    5: positionsAndPnlMatch(sim, bus),
  };
  return ([1, 2, 3, 4, 5] as const).map((id) => ({ id, name: INVARIANT_NAMES[id], violations: results[id] }));
}
