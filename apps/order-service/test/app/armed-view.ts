import { TradeEvent, type TradeId, type TradeView } from '@arctrigger/contracts';
import { evolve } from '../../src/domain/trade/evolve';

/** An ARMED market-entry trade for 2 AAPL 232.5 calls (trigger 231.40, stop 230.90), armed a second before `now`. */
export const armedView = (id: TradeId, now: number): TradeView => evolve(undefined, TradeEvent.parse({
  eventId: `${id}:1`, tradeId: id, seq: 1, type: 'armed', from: null, to: 'ARMED', at: now - 1000, causationId: null,
  detail: {
    spec: {
      symbol: 'AAPL', right: 'CALL', expiry: '20260116', strike: 232.5, trigger: { price: 231.4, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 0.5 },
      takeProfit: {}, premarketPolicy: 'cancel', fireImmediately: false,
    },
    optionConId: 11, underConId: 10, strike: 232.5, multiplier: 100, marketRuleId: 32, stopLevel: 230.9, entryTriggerId: `${id}-e1`,
  },
}));
