import { TradeEvent, TradeEventEnvelope, TradeEventFacts, TradeEventType, type TradeFactsOf } from '../src';

const order = { orderRef: 't1.entry.1', leg: 'entry', side: 'BUY', orderType: 'LMT', quantity: 2, limitPrice: 2.5, stopPrice: null, status: 'sending', endReason: null, pricedAt: 1, repriceSteps: 0 } as const;
const fill = { execId: 'x1', orderRef: 't1.entry.1', leg: 'entry', side: 'BUY', shares: 2, price: 2.5, at: 2 } as const;
const spec = {
  symbol: 'AAPL', right: 'CALL', expiry: '20261211', strike: 230, trigger: { price: 231.4 }, size: { by: 'contracts', contracts: 2 },
  entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 },
} as const;

/** One valid example of every event type's facts. */
const EXAMPLES: { [T in TradeEventType]: TradeFactsOf<T> } = {
  armed: { spec, optionConId: 7, underConId: 1, strike: 230, multiplier: 100, marketRuleId: 32, stopLevel: 230.4, entryTriggerId: 't1-e1' },
  adopted: {
    spec: { ...spec, trigger: { price: 230.1 }, stopLoss: { mode: 'offset', offset: 1.1 } }, optionConId: 7, underConId: 1, strike: 230, multiplier: 100, marketRuleId: 32,
    stopLevel: 229, fill, brokerPosition: 2, avgCost: 250,
  },
  modified: { spec, stopLevel: null },
  'premarket-hit': { triggerId: 't1-e1', price: 231.5, session: 'premarket', decisionDeadline: null, rearmAt: 5 },
  rebased: { triggerPrice: 232, entryTriggerId: 't1-e4', stopLevel: 231, optionConId: 8, strike: 232.5, multiplier: 100, marketRuleId: null },
  held: { rearmAt: 9 },
  'entry-rearmed': { entryTriggerId: 't1-e5' },
  suspended: { tradingState: 'HALTED', reason: 'kill switch: drill', triggerId: 't1-e5' },
  resumed: { entryTriggerId: 't1-e7', awaitsReset: true },
  fired: { triggerId: 't1-e1', price: 231.5, session: 'regular', tickSeq: 3 },
  submitting: { order, reservationId: null },
  'submit-unknown': { orderRef: order.orderRef, reason: 'no answer' },
  accepted: { orderRef: order.orderRef },
  'not-found': { orderRef: order.orderRef },
  'broker-inactive': { orderRef: order.orderRef, reason: 'held' },
  repriced: { orderRef: order.orderRef, limitPrice: 2.55, step: 1 },
  'partially-filled': { fill },
  filled: { fill },
  'remainder-cancelled': { orderRef: order.orderRef, reason: 'cancelled' },
  protected: { stopTriggerId: 't1-s6', stopLevel: 230.4, takeProfitTriggerId: null },
  'protection-failed': { reason: 'no trigger-service' },
  'stop-moved': { stopLevel: 231.4, stopTriggerId: 't1-s9' },
  'stop-fired': { price: 230.3, triggerId: 't1-s6', order: null },
  'exit-submitted': { order: { ...order, orderRef: 't1.flat.1', leg: 'flat', side: 'SELL', orderType: 'MKT', limitPrice: null }, closing: 'flat' },
  'exit-accepted': { orderRef: 't1.flat.1' },
  'exit-partially-filled': { fill: { ...fill, orderRef: 't1.flat.1', leg: 'flat', side: 'SELL', shares: 1 } },
  'exit-ended': { orderRef: 't1.tp.1', fill: null, reason: 'cancelled' },
  'exit-done': { orderRef: 't1.tp.1', fill: null, reason: null },
  'exit-done-unprotected': { orderRef: 't1.tp.1', fill: null, reason: null },
  closed: { orderRef: 't1.flat.1', fill: null },
  'commission-charged': { execId: 'x1', commission: 1.3, currency: 'USD' },
  'protection-overdue': { deadlineMs: 1000, firstFillAt: 2, reason: 'no stop' },
  'guard-placed': { order: { ...order, orderRef: 't1.guard.1', leg: 'guard', side: 'SELL', orderType: 'STP', limitPrice: null, stopPrice: 2 } },
  'guard-updated': { orderRef: 't1.guard.1', status: 'accepted', quantity: null, reason: null },
  'stop-lost': { stopTriggerId: 't1-s5', triggerStatus: 'disarmed', reason: 'auditor: STOP_MISSING' },
  rejected: { code: 'IB_201', message: 'no', orderRef: null },
  cancelled: { reason: 'by the trader', orderRef: null },
  failed: { code: 'NO_QUOTE', message: 'no quote', orderRef: null },
};

const event = (type: string, detail: unknown) => ({ eventId: 't1:2', tradeId: 't1', seq: 2, type, from: 'ARMED', to: 'FIRED', at: 3, causationId: null, detail });

describe('trade event contract', () => {
  it('trade event has facts for every event type and no others', () => {
    expect(Object.keys(TradeEventFacts).sort()).toEqual(Object.values(TradeEventType).sort());
  });

  it.each(Object.entries(EXAMPLES))('trade event accepts %s with its own facts', (type, detail) => {
    expect(TradeEvent.safeParse(event(type, detail)).success).toBe(true);
  });

  /** Types whose facts have the same shape: one's facts are the other's. */
  const SAME_FACTS: readonly TradeEventType[][] = [
    ['partially-filled', 'filled', 'exit-partially-filled'],
    ['exit-ended', 'exit-done', 'exit-done-unprotected'],
    ['accepted', 'not-found', 'exit-accepted'],
    ['rejected', 'failed'],
    ['submit-unknown', 'broker-inactive', 'remainder-cancelled'],
  ];
  /** One way only: `cancelled` takes an order ref and a reason; an exit's end may omit its reason (closed's facts). */
  const ALSO_ACCEPTS: Partial<Record<TradeEventType, TradeEventType[]>> = {
    cancelled: ['submit-unknown', 'broker-inactive', 'remainder-cancelled'],
    'exit-ended': ['closed'],
    'exit-done': ['closed'],
    'exit-done-unprotected': ['closed'],
  };
  const pairs = Object.values(TradeEventType).flatMap((type) => Object.values(TradeEventType).filter((other) => other !== type).map((other) => [type, other] as const));

  it.each(pairs)('trade event refuses %s carrying the facts of %s', (type, other) => {
    const alike = SAME_FACTS.some((group) => group.includes(type) && group.includes(other)) || (ALSO_ACCEPTS[type] ?? []).includes(other);
    expect(TradeEvent.safeParse(event(type, EXAMPLES[other])).success).toBe(alike);
  });

  it('trade event names the type and field of facts that do not match', () => {
    const result = TradeEvent.safeParse(event('fired', { triggerId: 't1-e1', price: -1, session: 'regular', tickSeq: 3 }));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['detail.price']);
  });

  it('trade event still reads events written before optional facts existed', () => {
    const { resetFrom: _none, ...oldArmed } = { ...EXAMPLES.armed, resetFrom: undefined };
    expect(TradeEvent.parse(event('armed', oldArmed)).detail).not.toHaveProperty('resetFrom', 'x');
    const oldOrder = { ...order } as Record<string, unknown>;
    delete oldOrder.stopPrice;
    delete oldOrder.endReason;
    const parsed = TradeEvent.parse(event('submitting', { order: oldOrder, reservationId: 'r1' }));
    expect(parsed.type === 'submitting' && parsed.detail.order).toMatchObject({ stopPrice: null, endReason: null });
  });

  it('trade event envelope reads a type it does not know, which the typed union refuses', () => {
    const future = event('reopened-by-auditor', { anything: 1 });
    expect(TradeEventEnvelope.safeParse(future).success).toBe(true);
    expect(TradeEvent.safeParse(future).success).toBe(false);
  });
});
