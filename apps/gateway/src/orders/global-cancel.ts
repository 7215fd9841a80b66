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
import { PlacementState } from './placement-record';
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
    const working = this.d.tracker.orders().filter((o) => o.status !== 'filled' && o.status !== 'cancelled');
    const waits = working.map((order) => ({
      order,
      outcome: this.d.signals.wait(
        order.orderRef,
        (s) => (s.kind === 'status' && (s.status === 'cancelled' || s.status === 'filled')) || (s.kind === 'error' && s.code !== ORDER_CANCELLED_NOTICE),
        this.d.ackTimeoutMs,
      ).outcome,
    }));
    if (!this.d.session.send(Priority.ORDER, (api) => api.reqGlobalCancel())) {
      return fail(OrderCommandErrorCode.TWS_DISCONNECTED, 'The gateway is not connected to TWS; nothing was sent.', { retryable: true });
    }
    const lines = await Promise.all(waits.map(async ({ order, outcome }) => this.lineFor(order, await outcome)));
    return ok({ sent: true, orders: lines.filter((l): l is EmergencyOrderLine => l !== undefined).sort((a, b) => (a.orderRef ?? '').localeCompare(b.orderRef ?? '')) });
  }

  /** One report line; none for an order that never was at the broker (refused, lost). */
  private async lineFor(order: TrackedOrder, outcome: WaitOutcome): Promise<EmergencyOrderLine | undefined> {
    const record = (await this.d.store.get(order.orderRef))?.value;
    if (record && record.state !== PlacementState.ACCEPTED && record.state !== PlacementState.UNKNOWN) return undefined;
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
    return { ...base, outcome: EmergencyOutcome.PENDING, note: outcome.kind === 'connection-lost' ? outcome.reason : `no confirmation within ${this.d.ackTimeoutMs} ms` };
  }
}
