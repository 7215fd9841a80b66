import { Session } from '@arctrigger/contracts';
import type { Quote } from '../market/quote';
import { OrderType, remaining, type SimOrder } from './sim-order';

/**
 * Whether an order may work in a session. Options trade only in regular hours whatever
 * `outsideRth` says (IB ignores the flag for them with warning 2109); stock limit orders with
 * `outsideRth` also work premarket and after hours; stock market orders never do.
 */
export function canWork(order: SimOrder, session: Session): boolean {
  if (session === Session.REGULAR) return true;
  return session !== Session.CLOSED && worksOutsideRth(order);
}

/** Stock LMT / STP LMT with `outsideRth`: works premarket and after hours. */
export function worksOutsideRth(order: SimOrder): boolean {
  if (order.instrument.secType === 'OPT' || !order.outsideRth) return false;
  return order.orderType === OrderType.LMT || order.orderType === OrderType.STP_LMT;
}

/** Whether IB would ignore `outsideRth` on this order (warning 2109). */
export function outsideRthIgnored(order: SimOrder): boolean {
  if (!order.outsideRth) return false;
  return order.instrument.secType === 'OPT' || order.orderType === OrderType.MKT || order.orderType === OrderType.STP;
}

/** STP / STP LMT: touched when the last trade or the opposite side reaches the stop. */
export function stopTouched(order: SimOrder, quote: Quote): boolean {
  const stop = order.auxPrice ?? 0;
  return order.action === 'BUY' ? quote.last >= stop || quote.ask >= stop : quote.last <= stop || quote.bid <= stop;
}

export interface Fill {
  quantity: number;
  price: number;
}

/** The fill an order gets against a quote now, if marketable: at the touch, never through the limit. */
export function match(order: SimOrder, quote: Quote, maxPerFill: number | undefined): Fill | undefined {
  const isStop = order.orderType === OrderType.STP || order.orderType === OrderType.STP_LMT;
  if (isStop && !order.triggered) return undefined;
  const touch = order.action === 'BUY' ? quote.ask : quote.bid;
  if (touch <= 0) return undefined;
  const limited = order.orderType === OrderType.LMT || order.orderType === OrderType.STP_LMT;
  if (limited) {
    const limit = order.lmtPrice ?? 0;
    if (order.action === 'BUY' ? touch > limit + 1e-9 : touch < limit - 1e-9) return undefined;
  }
  let quantity = remaining(order);
  if (maxPerFill !== undefined) quantity = Math.min(quantity, maxPerFill);
  if (order.fillCap !== undefined) quantity = Math.min(quantity, order.fillCap - order.filled);
  return quantity > 0 ? { quantity, price: touch } : undefined;
}
