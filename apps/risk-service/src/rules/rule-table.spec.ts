import type { RiskCheckRequest, RiskLimits, Session, TradingState } from '@arctrigger/contracts';
import { checkRequest, limits } from '../../test/support/builders';
import { notionalCents, type Cents } from './money';
import type { RiskUsage, RuleContext } from './risk-rule';
import { MAX_PENDING_ORDERS } from './pending-orders.rule';
import { CLOSING_ORDER_RULES, evaluateRules } from './rule-table';

const idle: RiskUsage = { dailyNotional: 0 as Cents, underlyingNotional: 0 as Cents, openPositions: 0, tradeAlreadyOpen: false, ordersLastMinute: 0, pendingOrders: 0, heldContracts: 0 };

function ctx(o: { order?: Partial<RiskCheckRequest>; limits?: Partial<RiskLimits>; usage?: Partial<RiskUsage>; state?: TradingState; session?: Session }): RuleContext {
  const order = checkRequest(o.order ?? {});
  return {
    order,
    notional: notionalCents(order.quantity, order.price, order.multiplier),
    limits: limits(o.limits),
    tradingState: o.state ?? 'ACTIVE',
    session: o.session ?? 'regular',
    usage: { ...idle, ...o.usage },
  };
}

const c = (dollars: number) => Math.round(dollars * 100) as Cents;

// Each limit at its boundary: exactly at the cap passes; one unit over is denied with its code.
const cases: Array<[string, Parameters<typeof ctx>[0], string | undefined]> = [
  ['quantity at the maximum passes', { order: { quantity: 10, price: 1 } }, undefined],
  ['quantity one over the maximum is denied', { order: { quantity: 11, price: 1 } }, 'QUANTITY_EXCEEDS_MAXIMUM'],
  ['order notional exactly at the cap passes', { order: { quantity: 10, price: 2, ask: 2 } }, undefined],
  ['order notional a cent over the cap is denied', { order: { quantity: 1, price: 2.0001, ask: 2.01 }, limits: { maxNotionalPerOrder: 200 } }, 'NOTIONAL_PER_ORDER_EXCEEDED'],
  ['order notional $1 over the cap is denied', { order: { quantity: 7, price: 2.86, ask: 2.86 } }, 'NOTIONAL_PER_ORDER_EXCEEDED'],
  ['notional 3 × 6.67 × 100 = $2,001 is denied at a $2,000 cap', { order: { quantity: 3, price: 6.67, ask: 6.67 } }, 'NOTIONAL_PER_ORDER_EXCEEDED'],
  ['notional 3 × 6.67 × 100 = $2,001 passes at a $2,001 cap', { order: { quantity: 3, price: 6.67, ask: 6.67 }, limits: { maxNotionalPerOrder: 2_001 } }, undefined],
  ['daily notional landing exactly on the cap passes', { usage: { dailyNotional: c(9_800) } }, undefined],
  ['daily notional one cent over the cap is denied', { usage: { dailyNotional: c(9_800.01) } }, 'DAILY_NOTIONAL_EXCEEDED'],
  ['underlying notional landing exactly on the cap passes', { usage: { underlyingNotional: c(4_800) } }, undefined],
  ['underlying notional one cent over the cap is denied', { usage: { underlyingNotional: c(4_800.01) } }, 'UNDERLYING_NOTIONAL_EXCEEDED'],
  ['a new position below the maximum passes', { usage: { openPositions: 2 } }, undefined],
  ['a new position at the maximum is denied', { usage: { openPositions: 3 } }, 'MAX_OPEN_POSITIONS'],
  ['adding to an open trade at the maximum passes', { usage: { openPositions: 3, tradeAlreadyOpen: true } }, undefined],
  ['the last order allowed in a minute passes', { usage: { ordersLastMinute: 19 } }, undefined],
  ['one order more than allowed in a minute is denied', { usage: { ordersLastMinute: 20 } }, 'ORDER_RATE_EXCEEDED'],
  ['the last pending opening order the book holds passes', { usage: { pendingOrders: MAX_PENDING_ORDERS - 1 } }, undefined],
  ['one pending opening order more than the book holds is denied', { usage: { pendingOrders: MAX_PENDING_ORDERS } }, 'TOO_MANY_PENDING_ORDERS'],
  ['limit exactly 10% above the ask passes', { order: { price: 2.2, ask: 2 } }, undefined],
  ['limit a cent more than 10% above the ask is denied', { order: { price: 2.21, ask: 2 } }, 'PRICE_SANITY'],
  ['a buy without an ask quote is denied', { order: { ask: null } }, 'PRICE_SANITY'],
  ['regular hours pass', { session: 'regular' }, undefined],
  ['premarket is denied', { session: 'premarket' }, 'OUTSIDE_REGULAR_HOURS'],
  ['after hours are denied', { session: 'after-hours' }, 'OUTSIDE_REGULAR_HOURS'],
  ['premarket passes when allowed outside regular hours', { session: 'premarket', limits: { allowOptionsOutsideRegularHours: true } }, undefined],
  ['an allowed underlying passes', { limits: { allowedUnderlyings: ['AAPL', 'MSFT'] } }, undefined],
  ['an underlying not on the allow-list is denied', { order: { underlying: 'TSLA' }, limits: { allowedUnderlyings: ['AAPL'] } }, 'UNDERLYING_NOT_ALLOWED'],
  ['ACTIVE passes', { state: 'ACTIVE' }, undefined],
  ['HALTED denies an opening order', { state: 'HALTED' }, 'TRADING_HALTED'],
  ['REDUCING denies an opening order', { state: 'REDUCING' }, 'REDUCING_ONLY'],
];

describe('opening-order rule table', () => {
  it.each(cases)('rule table: %s', (_name, input, expected) => {
    const denial = evaluateRules(ctx(input));
    expect(denial?.code).toBe(expected);
    if (denial) expect(denial.message).toMatch(/\w+ .*[.)]$/);
  });

  it('rule table answers the most fundamental reason first when several rules deny', () => {
    const denial = evaluateRules(ctx({ state: 'HALTED', session: 'premarket', order: { quantity: 50 } }));
    expect(denial?.code).toBe('TRADING_HALTED');
  });

  it('daily notional denial tells the trader the amounts involved', () => {
    const denial = evaluateRules(ctx({ usage: { dailyNotional: c(9_900) } }));
    expect(denial?.message).toBe("This order ($200.00) would bring today's total to $10,100.00, over the daily cap of $10,000.00 ($9,900.00 used).");
  });
});

describe('closing-order rule table', () => {
  it.each([
    ['a closing sell of exactly what is held passes', { order: { opening: false, side: 'SELL', quantity: 3 }, usage: { heldContracts: 3 } }, undefined],
    ['a closing sell one more than is held is denied', { order: { opening: false, side: 'SELL', quantity: 4 }, usage: { heldContracts: 3 } }, 'CLOSING_EXCEEDS_POSITION'],
    ['a closing sell with nothing held is denied', { order: { opening: false, side: 'SELL', quantity: 1 } }, 'CLOSING_EXCEEDS_POSITION'],
    ['a closing sell passes whatever the kill switch or the caps say', { order: { opening: false, side: 'SELL', quantity: 500 }, usage: { heldContracts: 500, ordersLastMinute: 999 }, state: 'HALTED' as const }, undefined],
    ['a closing buy (covering a short) is not bounded', { order: { opening: false, side: 'BUY', quantity: 5 } }, undefined],
  ] as Array<[string, Parameters<typeof ctx>[0], string | undefined]>)('rule table: %s', (_name, input, expected) => {
    expect(evaluateRules(ctx(input), CLOSING_ORDER_RULES)?.code).toBe(expected);
  });

  it('rule table names the position and the asked quantity when a closing sell is denied', () => {
    expect(evaluateRules(ctx({ order: { opening: false, side: 'SELL', quantity: 4 }, usage: { heldContracts: 3 } }), CLOSING_ORDER_RULES)).toEqual({
      code: 'CLOSING_EXCEEDS_POSITION', message: 'A closing sell of 4 is more than the 3 contracts held in conId 1001; it would open a short.',
    });
  });
});
