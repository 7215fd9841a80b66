import type { Instrument } from '../market/instruments';
import type { OcaType } from './oca-type';
import { OrderState } from './order-status';

export const OrderType = { MKT: 'MKT', LMT: 'LMT', STP: 'STP', STP_LMT: 'STP LMT' } as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];
export const Tif = { DAY: 'DAY', GTC: 'GTC' } as const;
export type Tif = (typeof Tif)[keyof typeof Tif];
export type Action = 'BUY' | 'SELL';

/** What a client asked for in placeOrder. */
export interface OrderTicket {
  clientId: number;
  orderId: number;
  instrument: Instrument;
  action: Action;
  totalQuantity: number;
  orderType: OrderType;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: Tif;
  outsideRth: boolean;
  orderRef: string;
  account: string;
  parentId: number;
  /** One-cancels-all group name; '' when the order is in no group. */
  ocaGroup: string;
  /** How a fill in the group affects the other members (see oca-group.ts). */
  ocaType: OcaType;
  /** false: TWS keeps the order without sending it to IB until it is placed again with true. */
  transmit: boolean;
}

/** An order as the simulator works it. */
export interface SimOrder extends OrderTicket {
  permId: number;
  state: OrderState;
  filled: number;
  avgFillPrice: number;
  lastFillPrice: number;
  /** STP / STP LMT: the stop has been touched. */
  triggered: boolean;
  placedAt: number;
  /** When it was sent to IB (transmit=true); undefined while untransmitted. */
  transmittedAt: number | undefined;
  /** DAY orders are cancelled at this instant (set when transmitted). */
  expiresAt: number | undefined;
  completedAt: number | undefined;
  /** Fault: fill at most this much in total, then stall. */
  fillCap: number | undefined;
  commission: number;
}

/** A ticket TWS has just received: PendingSubmit, nothing filled, not yet transmitted. */
export function newOrder(ticket: OrderTicket, permId: number, now: number): SimOrder {
  return {
    ...ticket,
    permId,
    state: OrderState.PENDING,
    filled: 0,
    avgFillPrice: 0,
    lastFillPrice: 0,
    triggered: false,
    placedAt: now,
    transmittedAt: undefined,
    expiresAt: undefined,
    completedAt: undefined,
    fillCap: undefined,
    commission: 0,
  };
}

export function remaining(order: SimOrder): number {
  return order.totalQuantity - order.filled;
}

/** An execution (one fill) as reported by execDetails. */
export interface Execution {
  execId: string;
  clientId: number;
  orderId: number;
  permId: number;
  instrument: Instrument;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  time: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  account: string;
  commission: number;
  realizedPnl: number | undefined;
}
