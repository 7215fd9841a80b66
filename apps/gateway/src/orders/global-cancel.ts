import {
  EmergencyAction,
  EmergencyOutcome,
  fail,
  ok,
  OrderCommandErrorCode,
  type EmergencyOrderLine,
  type GlobalCancelReport,
  type Reply,
} from '@arctrigger/contracts';
import { Priority } from '../pacing/pacer';
import type { TwsSession } from '../tws/tws-session';
import type { BrokerOrderTracker, TrackedOrder } from './broker-order-tracker';
import type { OrderSignals, WaitOutcome } from './order-signals';
import { PlacementState, type PlacementRecord } from './placement-record';
import type { PlacementStore } from './placement-store';

export interface GlobalCancelDeps {
  session: TwsSession;
  tracker: BrokerOrderTracker;
  signals: OrderSignals;
  store: PlacementStore;
  ackTimeoutMs: number;
}

/** IB answers a cancelled order with error 202 ("Order Canceled"): a confirmation, not a failure. */
const ORDER_CANCELLED_NOTICE = 202;

/**
 * IB's global cancel (`reqGlobalCancel`): every open order of the account — ours, another
 * client's, one placed by hand — is cancelled by TWS itself. TWS answers only with each order's
 * status, so the report covers the working orders of ours the gateway knew: each one's wait ends
 * on `Cancelled` (or `Filled`, when a fill won), or stays pending after the acknowledgement timeout.
 * Orders of others are cancelled without a trace here. Repeating it is harmless.
 */
export class GlobalCancel {
  constructor(private readonly d: GlobalCancelDeps) {}

  async run(): Promise<Reply<GlobalCancelReport, 'TWS_DISCONNECTED'>> {
    if (!this.d.session.isReady) return fail(OrderCommandErrorCode.TWS_DISCONNECTED, 'The gateway is not connected to TWS; nothing was sent.', { retryable: true });
    const working = await this.workingOrders();
    const waits = working.map(({ order, record }) => ({
      order,
      record,
      outcome: this.d.signals.wait(
        order.orderRef,
        (s) => (s.kind === 'status' && (s.status === 'cancelled' || s.status === 'filled')) || (s.kind === 'error' && s.code !== ORDER_CANCELLED_NOTICE),
        this.d.ackTimeoutMs,
      ).outcome,
    }));
    if (!this.d.session.send(Priority.ORDER, (api) => api.reqGlobalCancel())) {
      return fail(OrderCommandErrorCode.TWS_DISCONNECTED, 'The gateway is not connected to TWS; nothing was sent.', { retryable: true });
    }
    const lines = await Promise.all(waits.map(async ({ order, record, outcome }) => lineFor(order, record, await outcome, this.d.ackTimeoutMs)));
    return ok({ sent: true, orders: lines.sort((a, b) => (a.orderRef ?? '').localeCompare(b.orderRef ?? '')) });
  }

  /** Our orders that may still work at the broker: not known to be done, and placed (accepted or unknown) — not refused or lost. */
  private async workingOrders(): Promise<Array<{ order: TrackedOrder; record: PlacementRecord | undefined }>> {
    const candidates = this.d.tracker.orders().filter((o) => o.status !== 'filled' && o.status !== 'cancelled');
    const withRecords = await Promise.all(candidates.map(async (order) => ({ order, record: (await this.d.store.get(order.orderRef))?.value })));
    return withRecords.filter(({ record }) => !record || record.state === PlacementState.ACCEPTED || record.state === PlacementState.UNKNOWN);
  }
}

/** One report line: cancelled, filled first, refused by TWS, or not confirmed in time. */
function lineFor(order: TrackedOrder, record: PlacementRecord | undefined, outcome: WaitOutcome, ackTimeoutMs: number): EmergencyOrderLine {
  const base = {
    tradeId: null, orderRef: order.orderRef, conId: order.conId ?? record?.order.conId ?? null, side: record?.order.side ?? null,
    quantity: record?.order.quantity ?? 0, action: EmergencyAction.GLOBAL_CANCEL, error: null, note: null,
  };
  if (outcome.kind === 'signal' && outcome.signal.kind === 'status') {
    return outcome.signal.status === 'cancelled'
      ? { ...base, outcome: EmergencyOutcome.CANCELLED }
      : { ...base, outcome: EmergencyOutcome.ALREADY_DONE, note: 'filled before the cancel' };
  }
  if (outcome.kind === 'signal' && outcome.signal.kind === 'error') {
    return { ...base, outcome: EmergencyOutcome.FAILED, error: { code: `IB_${outcome.signal.code}`, message: outcome.signal.message } };
  }
  return { ...base, outcome: EmergencyOutcome.PENDING, note: outcome.kind === 'connection-lost' ? outcome.reason : `no confirmation within ${ackTimeoutMs} ms` };
}
