import { EventName, type Contract, type Order, type OrderState } from '@stoqey/ib';
import { ConId, fail, ok, PermId, type BrokerHolding, type HoldingContract, type BrokerOpenOrder, type BrokerSnapshot, type Reply } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import { Priority } from '../pacing/pacer';
import { EndMarkers } from '../tws/end-markers';
import type { TwsSession } from '../tws/tws-session';

type SnapshotCode = 'TWS_DISCONNECTED' | 'OUTCOME_UNKNOWN';

/** Order statuses TWS still lists among open orders that no longer work. */
const NOT_WORKING = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

/**
 * Asks TWS for the account's view now — every open order (reqAllOpenOrders: ours and those placed
 * by hand, whatever their orderRef) and every position (reqPositions) — for the invariant auditor.
 * Concurrent requests join the one under way. A reconciliation running at the same moment answers
 * the same end markers, which may cut a snapshot short; the auditor only acts on what two passes
 * agree on.
 */
export class BrokerSnapshotTaker {
  private running: Promise<Reply<BrokerSnapshot, SnapshotCode>> | undefined;
  private collecting: { orders: Map<string, BrokerOpenOrder>; positions: Map<number, BrokerHolding> } | undefined;
  private readonly ends: EndMarkers<'open' | 'positions'>;

  constructor(
    private readonly session: TwsSession,
    private readonly clock: Clock,
    private readonly stepTimeoutMs: number,
  ) {
    this.ends = new EndMarkers(session, clock, stepTimeoutMs, Priority.LOOKUP);
    session.on(EventName.openOrder, (orderId: number, contract: Contract, order: Order, state: OrderState | undefined) => this.onOpenOrder(orderId, contract, order, state));
    session.on(EventName.position, (account: string, contract: Contract, pos: number, avgCost?: number) => {
      if (this.collecting && contract.conId) {
        this.collecting.positions.set(contract.conId, { account, conId: ConId.parse(contract.conId), position: pos, avgCost: avgCost ?? 0, contract: holdingContractOf(contract) });
      }
    });
    session.on(EventName.openOrderEnd, () => this.ends.ended('open'));
    session.on(EventName.positionEnd, () => this.ends.ended('positions'));
  }

  take(): Promise<Reply<BrokerSnapshot, SnapshotCode>> {
    this.running ??= this.takeOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async takeOnce(): Promise<Reply<BrokerSnapshot, SnapshotCode>> {
    if (!this.session.isReady) return fail('TWS_DISCONNECTED', 'not connected to TWS: no broker snapshot');
    const collecting = { orders: new Map<string, BrokerOpenOrder>(), positions: new Map<number, BrokerHolding>() };
    this.collecting = collecting;
    try {
      const orders = await this.ends.request('open', (api) => api.reqAllOpenOrders());
      const positions = await this.ends.request('positions', (api) => api.reqPositions());
      if (positions) this.session.send(Priority.LOOKUP, (api) => api.cancelPositions());
      if (!orders || !positions) {
        return this.session.isReady
          ? fail('OUTCOME_UNKNOWN', `TWS did not finish listing ${orders ? 'positions' : 'open orders'} within ${this.stepTimeoutMs} ms`)
          : fail('TWS_DISCONNECTED', 'TWS connection lost while taking the broker snapshot');
      }
      return ok({ openOrders: [...collecting.orders.values()], positions: [...collecting.positions.values()], at: this.clock.now() });
    } finally {
      this.collecting = undefined;
    }
  }

  private onOpenOrder(orderId: number, contract: Contract, order: Order, state: OrderState | undefined): void {
    if (!this.collecting || !contract.conId) return;
    const status = String(state?.status ?? '');
    const key = order.permId ? `perm:${order.permId}` : `id:${orderId}`;
    if (NOT_WORKING.has(status)) {
      this.collecting.orders.delete(key);
      return;
    }
    this.collecting.orders.set(key, {
      orderRef: order.orderRef ?? '',
      permId: order.permId ? PermId.parse(order.permId) : null,
      conId: ConId.parse(contract.conId),
      side: String(order.action) === 'SELL' ? 'SELL' : 'BUY',
      orderType: String(order.orderType ?? ''),
      totalQuantity: Number(order.totalQuantity ?? 0),
      status,
    });
  }
}

/** The contract as reqPositions describes it (what adopting an external position qualifies again). */
export function holdingContractOf(c: Contract): HoldingContract {
  const isOption = String(c.secType ?? '') === 'OPT';
  const right = String(c.right ?? '');
  const multiplier = Number(c.multiplier);
  return {
    symbol: c.symbol ?? '',
    secType: String(c.secType ?? ''),
    expiry: isOption ? (c.lastTradeDateOrContractMonth ?? '').slice(0, 8) || null : null,
    strike: isOption && c.strike ? c.strike : null,
    right: !isOption ? null : right === 'P' || right === 'PUT' ? 'PUT' : right === 'C' || right === 'CALL' ? 'CALL' : null,
    multiplier: Number.isFinite(multiplier) && multiplier > 0 ? multiplier : null,
    localSymbol: c.localSymbol ?? '',
  };
}
