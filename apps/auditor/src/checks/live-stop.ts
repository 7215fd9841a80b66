import type { BrokerSnapshot, TradeView, TriggerView } from '@arctrigger/contracts';

const LIVE_TRIGGER = new Set<string>(['armed', 'waiting-fresh-data']);

/** Triggers by id, for one pass. */
export function triggersById(triggers: readonly TriggerView[]): Map<string, TriggerView> {
  const byId = new Map<string, TriggerView>();
  for (const t of triggers) byId.set(t.triggerId, t);
  return byId;
}

/** Broker order refs working now (ours and others'). */
export function workingRefs(broker: BrokerSnapshot | null): Set<string> | null {
  return broker ? new Set(broker.openOrders.map((o) => o.orderRef)) : null;
}

/**
 * Whether the trade's position is guarded: its stop trigger armed at the trigger-service, or its
 * broker-side protective stop accepted — and, when the broker could be asked, working there.
 */
export function hasLiveStop(v: TradeView, triggers: ReadonlyMap<string, TriggerView>, working: ReadonlySet<string> | null): boolean {
  if (v.stopTriggerId) {
    const t = triggers.get(v.stopTriggerId);
    if (t && LIVE_TRIGGER.has(t.status)) return true;
  }
  return v.exits.some((x) => x.leg === 'guard' && x.status === 'accepted' && (working === null || working.has(x.orderRef)));
}
