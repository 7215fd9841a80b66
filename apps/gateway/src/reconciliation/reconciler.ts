import { EventName, type Contract } from '@stoqey/ib';
import { ConId, type BrokerPosition, type OrderRef } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import type { RequestIds } from '../ids/request-ids';
import type { BrokerOrderTracker } from '../orders/broker-order-tracker';
import type { ContractPositions } from '../orders/contract-positions';
import { PlacementState } from '../orders/placement-record';
import type { PlacementStore } from '../orders/placement-store';
import { Priority } from '../pacing/pacer';
import { EndMarkers } from '../tws/end-markers';
import type { TwsSession } from '../tws/tws-session';

export interface ReconciliationReport {
  readonly openOrders: boolean;
  readonly completedOrders: boolean;
  readonly executions: boolean;
  readonly positions: number;
  readonly resolved: OrderRef[];
  readonly notFound: OrderRef[];
}

/**
 * After every (re)connect, and after 1101 / 1102: asks TWS for open orders, completed orders,
 * executions and positions, so that events missed while disconnected are published (flagged
 * `reconciled`; duplicates collapse by message id) and placements whose outcome was unknown are
 * resolved — found at the broker, or published as not-found. Never re-sends an order.
 */
export class Reconciler {
  private readonly ends: EndMarkers<string>;
  private positions: BrokerPosition[] = [];
  private running: Promise<ReconciliationReport> | undefined;
  runs = 0;

  constructor(
    private readonly session: TwsSession,
    private readonly tracker: BrokerOrderTracker,
    private readonly store: PlacementStore,
    private readonly requestIds: RequestIds,
    private readonly clock: Clock,
    private readonly publishPosition: (p: BrokerPosition) => void,
    private readonly isInFlight: (orderRef: OrderRef) => boolean,
    stepTimeoutMs: number,
    private readonly book?: ContractPositions,
  ) {
    this.ends = new EndMarkers(session, clock, stepTimeoutMs, Priority.ORDER);
    session.on(EventName.openOrderEnd, () => this.ends.ended('open'));
    session.on(EventName.completedOrdersEnd, () => this.ends.ended('completed'));
    session.on(EventName.execDetailsEnd, (reqId: number) => this.ends.ended(`exec:${reqId}`));
    session.on(EventName.positionEnd, () => {
      if (this.ends.waiting('positions')) this.book?.snapshotEnded();
      this.ends.ended('positions');
    });
    session.on(EventName.position, (account: string, contract: Contract, pos: number, avgCost?: number) => {
      if (contract.conId && this.ends.waiting('positions')) this.book?.brokerPosition(contract.conId, pos);
      if (contract.conId) this.positions.push({ account, conId: ConId.parse(contract.conId), position: pos, avgCost: avgCost ?? 0, at: this.clock.now() });
    });
  }

  /** Runs one reconciliation; a call while one runs joins it. */
  run(): Promise<ReconciliationReport> {
    this.running ??= this.runOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runOnce(): Promise<ReconciliationReport> {
    const startedAt = this.clock.now();
    this.runs++;
    this.tracker.reconciling = true;
    this.tracker.seenInReconciliation.clear();
    this.positions = [];
    try {
      const openOrders = await this.ends.request('open', (api) => api.reqAllOpenOrders());
      const completedOrders = await this.ends.request('completed', (api) => api.reqCompletedOrders(false));
      const execReq = this.requestIds.allocate();
      const executions = await this.ends.request(`exec:${execReq}`, (api) => api.reqExecutions(execReq, {}));
      this.book?.snapshotStarted();
      const gotPositions = await this.ends.request('positions', (api) => api.reqPositions());
      if (gotPositions) {
        this.session.send(Priority.LOOKUP, (api) => api.cancelPositions());
        for (const p of this.positions) this.publishPosition(p);
      }
      const { resolved, notFound } = openOrders && completedOrders ? await this.resolveUnknown(startedAt) : { resolved: [], notFound: [] };
      return { openOrders, completedOrders, executions, positions: this.positions.length, resolved, notFound };
    } finally {
      this.tracker.reconciling = false;
    }
  }

  /** Placements left sending / unknown before this reconciliation started. */
  private async resolveUnknown(startedAt: number): Promise<{ resolved: OrderRef[]; notFound: OrderRef[] }> {
    const resolved: OrderRef[] = [];
    const notFound: OrderRef[] = [];
    for (const { value: record, revision } of await this.store.unresolved()) {
      if (record.updatedAt > startedAt || this.isInFlight(record.orderRef)) continue;
      const seen = this.tracker.seenInReconciliation.has(record.orderRef);
      const tracked = this.tracker.get(record.orderRef);
      if (seen) {
        await this.store.save({ ...record, state: PlacementState.ACCEPTED, permId: tracked?.permId ?? record.permId, updatedAt: this.clock.now() }, revision);
        resolved.push(record.orderRef);
      } else {
        await this.store.save({ ...record, state: PlacementState.NOT_FOUND, updatedAt: this.clock.now() }, revision);
        this.tracker.publishResolution('not-found', record.orderRef, record.ibOrderId, record.order.conId, 'no trace at the broker');
        notFound.push(record.orderRef);
      }
    }
    return { resolved, notFound };
  }
}
