import type { Instrument } from '../market/instruments';
import type { OrderState } from './order-status';

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
  /** DAY orders are cancelled at this instant. */
  expiresAt: number | undefined;
  completedAt: number | undefined;
  /** Fault: fill at most this much in total, then stall. */
  fillCap: number | undefined;
  commission: number;
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
