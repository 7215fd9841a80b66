import { z } from 'zod';

/** Builds a zod enum from an `as const` object's values. */
function enumOf<T extends Record<string, string>>(values: T) {
  return z.enum(Object.values(values) as [T[keyof T], ...T[keyof T][]]);
}

export const Right = { CALL: 'CALL', PUT: 'PUT' } as const;
export type Right = (typeof Right)[keyof typeof Right];
export const RightSchema = enumOf(Right);

export const Side = { BUY: 'BUY', SELL: 'SELL' } as const;
export type Side = (typeof Side)[keyof typeof Side];
export const SideSchema = enumOf(Side);

export const OrderType = { MKT: 'MKT', LMT: 'LMT', STP: 'STP', STP_LMT: 'STP LMT' } as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];
export const OrderTypeSchema = enumOf(OrderType);

export const TimeInForce = { DAY: 'DAY', GTC: 'GTC' } as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];
export const TimeInForceSchema = enumOf(TimeInForce);

/** US equity market session, US/Eastern. */
export const Session = {
  CLOSED: 'closed',
  PREMARKET: 'premarket',
  REGULAR: 'regular',
  AFTER_HOURS: 'after-hours',
} as const;
export type Session = (typeof Session)[keyof typeof Session];
export const SessionSchema = enumOf(Session);

export const PriceSource = { LAST: 'last', BID: 'bid', ASK: 'ask', MID: 'mid' } as const;
export type PriceSource = (typeof PriceSource)[keyof typeof PriceSource];
export const PriceSourceSchema = enumOf(PriceSource);

/** Strict crossing: ABOVE fires when price > level, BELOW when price < level. Equality never fires. */
export const Direction = { ABOVE: 'above', BELOW: 'below' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];
export const DirectionSchema = enumOf(Direction);

export const SecType = { STK: 'STK', OPT: 'OPT' } as const;
export type SecType = (typeof SecType)[keyof typeof SecType];
export const SecTypeSchema = enumOf(SecType);

export const TradingState = { ACTIVE: 'ACTIVE', REDUCING: 'REDUCING', HALTED: 'HALTED' } as const;
export type TradingState = (typeof TradingState)[keyof typeof TradingState];
export const TradingStateSchema = enumOf(TradingState);

export const PremarketPolicy = { ASK: 'ask', REBASE: 'rebase', HOLD: 'hold', CANCEL: 'cancel' } as const;
export type PremarketPolicy = (typeof PremarketPolicy)[keyof typeof PremarketPolicy];
export const PremarketPolicySchema = enumOf(PremarketPolicy);

/** The services on the bus. Used by the catalogue (who publishes, who consumes) and NATS users. */
export const ServiceName = {
  GATEWAY: 'gateway',
  ORDER_SERVICE: 'order-service',
  TRIGGER_SERVICE: 'trigger-service',
  RISK_SERVICE: 'risk-service',
  CONSOLE: 'console',
  WATCHLIST_SERVICE: 'watchlist-service',
  AUDITOR: 'auditor',
} as const;
export type ServiceName = (typeof ServiceName)[keyof typeof ServiceName];
export const ServiceNameSchema = enumOf(ServiceName);

export { enumOf };
