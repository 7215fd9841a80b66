import { codesOf, type ErrorTable } from '../core/error-codes';

/** Codes the order-service answers trade commands and queries with (besides those it passes on). */
export const TradeErrors = {
  TRADE_NOT_FOUND: { http: 404, meaning: 'No trade with this id.' },
  NOT_YOUR_TRADE: { http: 403, meaning: "The trade belongs to another trader: only the token that armed it, or an admin, may act on it." },
  INVALID_STATE: { http: 409, meaning: "The trade's state does not allow the command (e.g. modify after it fired)." },
  DUPLICATE_TRADE_ID: { http: 409, meaning: 'A trade with this id exists with another spec.' },
  INVALID_TRADE_ID: { http: 400, meaning: 'The trade id is not usable (too long, or the id of the trade being reset).' },
  TRADE_HISTORY_INVALID: { http: 409, meaning: "The trade's stored history does not match the contract: it is set aside until repaired (alerted)." },
  NOT_A_BREAKOUT: { http: 422, meaning: "A call's trigger must be above the current price, a put's below, unless it fires immediately." },
  NO_UNDERLYING_PRICE: { http: 503, meaning: 'No current price of the underlying to validate the breakout.', retryable: true },
  STRIKE_NOT_FOUND: { http: 404, meaning: 'The strike does not exist for that expiry.' },
  NO_MARKET_RULE: { http: 503, meaning: "The option's market rule is not available: it cannot be priced to a valid tick.", retryable: true },
  NO_OPTION_QUOTE: { http: 503, meaning: "No ask quote for the option in time: the order cannot be priced or sized.", retryable: true },
  INVALID_PRICE: { http: 422, meaning: 'The ask plus the offset is not a positive price.' },
  BUDGET_BELOW_ONE_CONTRACT: { http: 422, meaning: 'The budget buys less than one contract at the priced limit.' },
  NOTHING_TO_SELL: { http: 409, meaning: 'No contracts are free to sell (all are held back by working exits).' },
  NOT_EXTERNAL: { http: 409, meaning: "The contract is no external position now: the broker holds none of it, or ArcTrigger's trades hold all of it." },
  ALREADY_ADOPTED: { http: 409, meaning: 'The position was adopted already: a trade holds it.' },
  SHORT_NOT_ADOPTED: { http: 409, meaning: 'The external position is short: only long option positions are adopted (a stop sells; nothing covers a short automatically).' },
  NOT_AN_OPTION: { http: 422, meaning: 'Only option positions are adopted (their stop is on the underlying).' },
  CONTRACT_UNKNOWN: { http: 502, meaning: "The broker's position does not describe its contract (symbol, expiry, strike, right): it cannot be qualified." },
  STOP_ON_WRONG_SIDE: { http: 422, meaning: "The stop must be below the underlying's price for a call and above it for a put (it would fire at once)." },
  ADMIN_ONLY: { http: 403, meaning: 'Only an admin may do this.' },
  RISK_UNAVAILABLE: { http: 503, meaning: 'The risk-service did not answer in time: refused (fail closed).', retryable: true },
} as const satisfies ErrorTable;
export const TradeErrorCode = codesOf(TradeErrors);
export type TradeErrorCode = (typeof TradeErrorCode)[keyof typeof TradeErrorCode];
