import type { WireValue } from '../framing';
import { Outgoing, TickType } from '../message-ids';
import type { Quote } from '../../market/quote';

/** TICK_PRICE version 6: price, size, attribute mask (bit 0 = can auto-execute). */
export function tickPrice(tickerId: number, type: number, price: number, size: number | undefined): WireValue[] {
  return [Outgoing.TICK_PRICE, 6, tickerId, type, price, size, type === TickType.BID || type === TickType.ASK ? 1 : 0];
}

export function tickSize(tickerId: number, type: number, size: number): WireValue[] {
  return [Outgoing.TICK_SIZE, 6, tickerId, type, size];
}

/** TICK_OPTION_COMPUTATION at server version ≥ 156: no version field, tickAttrib first. */
export function tickOptionComputation(tickerId: number, type: number, quote: Quote, price: number): WireValue[] {
  const m = quote.model!;
  return [Outgoing.TICK_OPTION_COMPUTATION, tickerId, type, 0, m.impliedVol, m.delta, price, 0, m.gamma, m.vega, m.theta, m.underlyingPrice];
}

/** The ticks one quote update produces, in the order TWS sends them. */
export function quoteTicks(tickerId: number, quote: Quote, delayed: boolean): WireValue[][] {
  const t = delayed
    ? { bid: TickType.DELAYED_BID, ask: TickType.DELAYED_ASK, last: TickType.DELAYED_LAST }
    : { bid: TickType.BID, ask: TickType.ASK, last: TickType.LAST };
  const ticks = [tickPrice(tickerId, t.bid, quote.bid, quote.bidSize), tickPrice(tickerId, t.ask, quote.ask, quote.askSize), tickPrice(tickerId, t.last, quote.last, quote.lastSize)];
  if (quote.model) ticks.push(tickOptionComputation(tickerId, TickType.MODEL_OPTION, quote, quote.model.price));
  return ticks;
}

export function marketDataTypeMessage(tickerId: number, type: number): WireValue[] {
  return [Outgoing.MARKET_DATA_TYPE, 1, tickerId, type];
}

export function tickReqParams(tickerId: number, minTick: number): WireValue[] {
  return [Outgoing.TICK_REQ_PARAMS, tickerId, minTick, 'SMART', 3];
}

export function snapshotEnd(tickerId: number): WireValue[] {
  return [Outgoing.TICK_SNAPSHOT_END, 1, tickerId];
}
