import type { Contract, Order, OrderState } from '@stoqey/ib';
import { ConId, IbOrderId, OrderRef, type BrokerOrderEvent, type BrokerPosition, type CommissionReport, type Execution } from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import type { BrokerEventSink } from '../../src/orders/broker-event-sink';
import { BrokerOrderTracker } from '../../src/orders/broker-order-tracker';

class Sink implements BrokerEventSink {
  events: Array<{ event: BrokerOrderEvent; msgId: string }> = [];
  executions: Execution[] = [];
  commissions: CommissionReport[] = [];
  orderEvent(event: BrokerOrderEvent, msgId: string) {
    this.events.push({ event, msgId });
  }
  execution(e: Execution) {
    this.executions.push(e);
  }
  commission(c: CommissionReport) {
    this.commissions.push(c);
  }
  position(_p: BrokerPosition) {}
}

const ref = OrderRef.parse('t1.entry.1');
const contract = { conId: 42 } as Contract;
const order = (over: Partial<Order> = {}) => ({ orderRef: ref, permId: 900, totalQuantity: 2, ...over }) as Order;
const state = (status: string) => ({ status }) as unknown as OrderState;

function setup() {
  const sink = new Sink();
  const tracker = new BrokerOrderTracker(sink, new ManualClock(1));
  tracker.expect(ref, IbOrderId.parse(5), ConId.parse(42));
  return { sink, tracker };
}

describe('broker order tracker', () => {
  it('tracker publishes each status once, keyed by orderRef, including Filled after Cancelled', () => {
    const { sink, tracker } = setup();
    tracker.onOpenOrder(5, contract, order(), state('Submitted'));
    tracker.onOrderStatus(5, 'Submitted', 0, 2, 0, 900, '');
    tracker.onOrderStatus(5, 'Submitted', 0, 2, 0, 900, '');
    tracker.onOrderStatus(5, 'Cancelled', 0, 2, 0, 900, '');
    tracker.onOrderStatus(5, 'Filled', 2, 0, 1.5, 900, '');
    expect(sink.events.map((e) => e.msgId)).toEqual(['t1.entry.1:submitted:0:2', 't1.entry.1:cancelled:0:2', 't1.entry.1:filled:2:0']);
    expect(sink.events.every((e) => e.event.orderRef === ref && e.event.permId === 900)).toBe(true);
  });

  it('tracker ignores a status for an order id it cannot tie to one of our orders', () => {
    const { sink, tracker } = setup();
    tracker.onOrderStatus(77, 'Filled', 1, 0, 1, 12345, '');
    expect(sink.events).toEqual([]);
  });

  it('tracker matches a status by permId after a new session even when the order id is unknown', () => {
    const { sink, tracker } = setup();
    tracker.onOpenOrder(5, contract, order(), state('Submitted'));
    tracker.newSession();
    tracker.onOrderStatus(3, 'Filled', 2, 0, 1.5, 900, '');
    expect(sink.events.at(-1)?.event).toMatchObject({ orderRef: ref, type: 'status', status: 'filled' });
  });

  it('tracker publishes a rejection with the IB code and signals waiting commands', () => {
    const { sink, tracker } = setup();
    const signals: unknown[] = [];
    tracker.watch(ref, (s) => signals.push(s));
    expect(tracker.onOrderError(5, 201, 'Order rejected', true)).toBe(ref);
    expect(sink.events[0]?.event).toMatchObject({ type: 'rejected', code: 201, reason: 'Order rejected' });
    expect(signals).toEqual([{ kind: 'error', code: 201, message: 'Order rejected' }]);
  });

  it('tracker turns execDetails and commissions into one execution each, in any order', () => {
    const { sink, tracker } = setup();
    tracker.onCommission({ execId: 'x1', commission: 1.05, currency: 'USD', realizedPNL: Number.MAX_VALUE });
    tracker.onExecution(contract, { execId: 'x1', orderId: 5, permId: 900, orderRef: ref, side: 'BOT', shares: 2, price: 1.5, cumQty: 2, avgPrice: 1.5, time: '20261124 10:31:05 US/Eastern' });
    tracker.onExecution(contract, { execId: 'x1', orderId: 5, permId: 900, orderRef: ref, side: 'BOT', shares: 2, price: 1.5, cumQty: 2, avgPrice: 1.5 });
    expect(sink.executions).toHaveLength(1);
    expect(sink.executions[0]).toMatchObject({ execId: 'x1', orderRef: ref, side: 'BUY', shares: 2, executedAt: Date.parse('2026-11-24T15:31:05Z') });
    expect(sink.commissions).toEqual([{ execId: 'x1', orderRef: ref, commission: 1.05, currency: 'USD', realizedPnl: null }]);
  });
});
