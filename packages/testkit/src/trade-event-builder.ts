import { TradeEvent, type TradeEventType, type TradeFactsOf, type TradeState } from '@arctrigger/contracts';

const SPEC = {
  symbol: 'AAPL', right: 'CALL', expiry: '20300118', strike: 200, trigger: { price: 190.5 }, size: { by: 'contracts', contracts: 2 },
  entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 },
} as const;

/** Facts for the trade events tests publish most (others are given explicitly). */
const FACTS: { [T in TradeEventType]?: (tradeId: string) => TradeFactsOf<T> } = {
  armed: (t) => ({ spec: SPEC, optionConId: 1001, underConId: 265598, strike: 200, multiplier: 100, marketRuleId: 32, stopLevel: 189.5, entryTriggerId: `${t}-e1` }),
  fired: (t) => ({ triggerId: `${t}-e1`, price: 190.6, session: 'regular', tickSeq: 1 }),
  submitting: (t) => ({
    order: { orderRef: `${t}.entry.1`, leg: 'entry', side: 'BUY', orderType: 'MKT', quantity: 2, limitPrice: null, status: 'sending', pricedAt: 1, repriceSteps: 0 },
    reservationId: null,
  }),
  accepted: (t) => ({ orderRef: `${t}.entry.1` }),
  filled: (t) => ({ fill: { execId: `${t}-x1`, orderRef: `${t}.entry.1`, leg: 'entry', side: 'BUY', shares: 2, price: 3.1, at: 2 } }),
  protected: (t) => ({ stopTriggerId: `${t}-s5`, stopLevel: 189.5, takeProfitTriggerId: null }),
  'premarket-hit': (t) => ({ triggerId: `${t}-e1`, price: 190.6, session: 'premarket', decisionDeadline: 1_700_000_600_000, rearmAt: null }),
  cancelled: () => ({ reason: 'cancelled by the trader', orderRef: null }),
};

/** The event type that usually takes a trade into `to` (for tests that care about the state, not the type). */
const TYPE_INTO: Partial<Record<TradeState, TradeEventType>> = {
  ARMED: 'armed', FIRED: 'fired', SUBMITTING: 'submitting', WORKING: 'accepted', OPEN: 'filled', PROTECTED: 'protected',
  PREMARKET_HIT: 'premarket-hit', CANCELLED: 'cancelled',
};

/**
 * A valid stored trade event (parsed against the contract) for tests that publish trade events:
 * `tradeEvent('T1', 2, 'FIRED', 'ARMED')` is a `fired` event; give `type` and `detail` for others.
 */
export function tradeEvent(tradeId: string, seq: number, to: TradeState, from: TradeState | null = null, type?: TradeEventType, detail?: object): TradeEvent {
  const t = type ?? TYPE_INTO[to];
  if (!t) throw new Error(`tradeEvent: give the type of an event into ${to}`);
  const facts = detail ?? FACTS[t]?.(tradeId);
  if (!facts) throw new Error(`tradeEvent: give the facts of a '${t}' event`);
  return TradeEvent.parse({ eventId: `${tradeId}:${seq}`, tradeId, seq, type: t, from, to, at: 1_700_000_000_000 + seq, causationId: null, detail: facts });
}
