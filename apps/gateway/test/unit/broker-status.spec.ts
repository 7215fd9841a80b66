import { BrokerOrderStatus, OrderRef } from '@arctrigger/contracts';
import { canonicalStatus, isAcknowledgement, isDone } from '../../src/orders/broker-status';
import { OrderStatusDedup, statusMsgId } from '../../src/orders/order-status-dedup';

const ref = OrderRef.parse('t1.entry.1');

describe('broker status', () => {
  it.each([
    ['ApiPending', BrokerOrderStatus.PENDING_SUBMIT],
    ['PendingSubmit', BrokerOrderStatus.PENDING_SUBMIT],
    ['PreSubmitted', BrokerOrderStatus.PRE_SUBMITTED],
    ['Submitted', BrokerOrderStatus.SUBMITTED],
    ['PendingCancel', BrokerOrderStatus.PENDING_CANCEL],
    ['ApiCancelled', BrokerOrderStatus.CANCELLED],
    ['Cancelled', BrokerOrderStatus.CANCELLED],
    ['Filled', BrokerOrderStatus.FILLED],
    ['Inactive', BrokerOrderStatus.INACTIVE],
  ])('broker status maps IB %s to %s', (ib, canonical) => {
    expect(canonicalStatus(ib)).toBe(canonical);
  });

  it('broker status leaves an undocumented status unmapped', () => {
    expect(canonicalStatus('Unknown')).toBeUndefined();
    expect(canonicalStatus(undefined)).toBeUndefined();
  });

  it('broker status treats PreSubmitted and Inactive as acknowledged, not done', () => {
    expect(isAcknowledgement(BrokerOrderStatus.PRE_SUBMITTED)).toBe(true);
    expect(isAcknowledgement(BrokerOrderStatus.PENDING_SUBMIT)).toBe(false);
    expect(isDone(BrokerOrderStatus.INACTIVE)).toBe(false);
    expect(isDone(BrokerOrderStatus.CANCELLED)).toBe(true);
  });

  it('status dedup drops a repeated report and keeps Cancelled followed by Filled', () => {
    const dedup = new OrderStatusDedup();
    const cancelled = { orderRef: ref, status: BrokerOrderStatus.CANCELLED, filled: 0, remaining: 1 };
    const filled = { orderRef: ref, status: BrokerOrderStatus.FILLED, filled: 1, remaining: 0 };
    expect([dedup.isNew(cancelled), dedup.isNew(cancelled), dedup.isNew(filled), dedup.isNew(filled)]).toEqual([true, false, true, false]);
    expect(statusMsgId(filled)).toBe('t1.entry.1:filled:1:0');
  });
});
