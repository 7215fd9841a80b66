import type { ConId, MarketTick, OptionGreeks } from '@arctrigger/contracts';

/** TWS tick types the gateway reads (numeric values from the TWS API; delayed types map to live). */
export const TickField = {
  BID_SIZE: 0,
  BID: 1,
  ASK: 2,
  ASK_SIZE: 3,
  LAST: 4,
  LAST_SIZE: 5,
  MODEL_OPTION: 13,
  LAST_TIMESTAMP: 45,
  DELAYED_BID: 66,
  DELAYED_ASK: 67,
  DELAYED_LAST: 68,
  DELAYED_BID_SIZE: 69,
  DELAYED_ASK_SIZE: 70,
  DELAYED_LAST_SIZE: 71,
  DELAYED_MODEL_OPTION: 83,
} as const;

type Side = 'bid' | 'ask' | 'last' | 'bidSize' | 'askSize' | 'lastSize';

const fieldOf: Record<number, Side> = {
  [TickField.BID]: 'bid',
  [TickField.ASK]: 'ask',
  [TickField.LAST]: 'last',
  [TickField.BID_SIZE]: 'bidSize',
  [TickField.ASK_SIZE]: 'askSize',
  [TickField.LAST_SIZE]: 'lastSize',
  [TickField.DELAYED_BID]: 'bid',
  [TickField.DELAYED_ASK]: 'ask',
  [TickField.DELAYED_LAST]: 'last',
  [TickField.DELAYED_BID_SIZE]: 'bidSize',
  [TickField.DELAYED_ASK_SIZE]: 'askSize',
  [TickField.DELAYED_LAST_SIZE]: 'lastSize',
};

/**
 * The top of book for one contract, merged from TWS's per-field ticks so each published MarketTick
 * carries the whole quote. TWS sends -1 for "no price"; that becomes null.
 */
export class Quote {
  bid: number | null = null;
  ask: number | null = null;
  last: number | null = null;
  bidSize: number | null = null;
  askSize: number | null = null;
  lastSize: number | null = null;
  exchangeTime: number | null = null;
  greeks: OptionGreeks | undefined;
  private seq = 0;

  constructor(readonly conId: ConId) {}

  /** Applies a price or size tick; false when the field is not one the quote carries or nothing changed. */
  apply(field: number, value: number): boolean {
    const key = fieldOf[field];
    if (key === undefined) return false;
    const next = value < 0 || !Number.isFinite(value) ? null : value;
    if (this[key] === next) return false;
    this[key] = next;
    return true;
  }

  /** LAST_TIMESTAMP tick: epoch seconds as text. */
  applyTimestamp(field: number, text: string): boolean {
    if (field !== TickField.LAST_TIMESTAMP) return false;
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds <= 0) return false;
    this.exchangeTime = seconds * 1000;
    return true;
  }

  applyGreeks(field: number, greeks: OptionGreeks): boolean {
    if (field !== TickField.MODEL_OPTION && field !== TickField.DELAYED_MODEL_OPTION) return false;
    this.greeks = greeks;
    return true;
  }

  /** The whole quote as the next MarketTick of this contract. */
  toTick(receivedAt: number): MarketTick {
    return this.build(++this.seq, receivedAt);
  }

  /** The latest quote without advancing the sequence (quote snapshots). */
  latest(receivedAt: number): MarketTick {
    return this.build(this.seq, receivedAt);
  }

  private build(seq: number, receivedAt: number): MarketTick {
    const tick: MarketTick = {
      conId: this.conId,
      seq,
      bid: this.bid,
      ask: this.ask,
      last: this.last,
      bidSize: this.bidSize,
      askSize: this.askSize,
      lastSize: this.lastSize,
      exchangeTime: this.exchangeTime,
      receivedAt,
    };
    if (this.greeks) tick.greeks = this.greeks;
    return tick;
  }
}

/** IB sends Double.MAX_VALUE / -1 / -2 for "not computed"; greeks take null then. */
export function greekOf(value: number | undefined): number | null {
  if (value === undefined || !Number.isFinite(value) || Math.abs(value) > 1e300 || value === -1 || value === -2) return null;
  return value;
}
