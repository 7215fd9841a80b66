import { RiskReasonCode } from '@arctrigger/contracts';
import type { RiskRule } from './risk-rule';

/**
 * Live reservations the risk book holds at most. The book is one KV record (compare-and-set), so
 * it must stay well under NATS's max_payload (1 MB): 2,000 reservations are about 0.5 MB. Far above
 * any trader's working opening orders (the gateway paces orders to TWS under 50 msg/s); reaching
 * it means orders are being approved and never placed, filled or released.
 */
export const MAX_PENDING_ORDERS = 2_000;

/** At most `MAX_PENDING_ORDERS` approved opening orders awaiting their fill: the next one waits. */
export const pendingOrdersRule: RiskRule = {
  name: 'pending-orders',
  evaluate({ usage }) {
    if (usage.pendingOrders < MAX_PENDING_ORDERS) return undefined;
    return {
      code: RiskReasonCode.TOO_MANY_PENDING_ORDERS,
      message: `${usage.pendingOrders} approved opening orders are still awaiting their fill; the limit is ${MAX_PENDING_ORDERS}. Wait for some to fill, be cancelled or expire.`,
    };
  },
};
