import { parseOrderRef, RepairKind, ViolationCode, type TradeView } from '@arctrigger/contracts';
import type { AuditCheck, Finding } from './audit-check';

/** The orderRefs of every live leg: each trade's entry and exits not yet ended. */
function liveLegs(trades: readonly TradeView[]): Set<string> {
  const refs = new Set<string>();
  for (const v of trades) {
    if (v.entryOrder && v.entryOrder.status !== 'ended') refs.add(v.entryOrder.orderRef);
    for (const x of v.exits) if (x.status !== 'ended') refs.add(x.orderRef);
  }
  return refs;
}

/**
 * (b) Every working broker order belongs to a live leg of a trade. An order with a ref that is
 * not ours was placed by someone else (TWS by hand, another client); one of ours that no live leg
 * claims outlived its trade. Neither is cancelled automatically: a person decides. Seen on two
 * passes in a row (an order sent between reading the trades and asking the broker is not an orphan).
 */
export const orphanBrokerOrderCheck: AuditCheck = {
  name: 'orphan-broker-order',
  evaluate({ trades, broker }) {
    if (!broker) return [];
    const live = liveLegs(trades);
    const findings: Finding[] = [];
    for (const o of broker.openOrders) {
      if (live.has(o.orderRef)) continue;
      const ours = parseOrderRef(o.orderRef);
      const id = o.permId ?? `${o.conId}:${o.orderRef}`;
      findings.push({
        key: `ORPHAN_BROKER_ORDER:${id}`,
        code: ViolationCode.ORPHAN_BROKER_ORDER,
        message: ours
          ? `broker order ${o.orderRef} (${o.side} ${o.totalQuantity}) is working but trade ${ours.tradeId} has no live ${ours.leg} leg for it`
          : `broker order ${o.orderRef || '(no ref)'} (${o.side} ${o.totalQuantity} of ${o.conId}) was not placed by ArcTrigger`,
        facts: { orderRef: o.orderRef, permId: o.permId, conId: o.conId, side: o.side, quantity: o.totalQuantity, status: o.status, ours: ours !== undefined },
        repair: RepairKind.FLAG,
        confirmPasses: 2,
      });
    }
    return findings;
  },
};
