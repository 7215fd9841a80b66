import type { Execution, SimOrder } from './sim-order';

/** What the order engine tells clients; the protocol layer turns each into TWS messages. */
export type OrderFeedEvent =
  /** openOrder followed by orderStatus. */
  | { type: 'order-update'; order: SimOrder }
  /** execDetails, then openOrder + orderStatus, then commissionReport. */
  | { type: 'fill'; order: SimOrder; execution: Execution }
  | { type: 'error'; clientId: number; id: number; code: number; message: string };

export type OrderFeed = (event: OrderFeedEvent) => void;
