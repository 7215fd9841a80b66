import fc from 'fast-check';
import { Contracts } from '../src/catalogue';
import { PlaceOrderCommand, PlaceOrderOnApprovalCommand } from '../src/broker/broker-order-commands';
import { placeOrderOnApprovalProblem, placeOrderProblem } from '../src/broker/place-order-problem';
import { RiskCheckRequestV2, RiskDecided, RiskReasons } from '../src/risk/risk-check';
import { riskCheckV2Problem, riskDecidedProblem } from '../src/risk/risk-check-problem';
import { TriggerFiring } from '../src/triggers/trigger-firing';
import { triggerFiringProblem } from '../src/triggers/trigger-firing-problem';
import type { z } from 'zod';

/**
 * The fire path's hand checks (TriggerFiring, RiskCheckV2, RiskDecided, PlaceOrder and
 * PlaceOrderOnApproval) accept exactly what their zod schemas accept — the place commands only
 * with the fields the schema defaults present — and an accepted payload is what the schema would
 * have produced (no default or transform the check would skip): random near-valid payloads, each
 * field drawn from valid and invalid values, as they arrive on the wire (through JSON) and as a
 * sender hands them over.
 */

/** Mostly valid (so whole payloads often are), sometimes one of the invalid values. */
const field = (valid: fc.Arbitrary<unknown>, ...invalid: unknown[]) =>
  fc.oneof({ weight: 4 * invalid.length, arbitrary: valid }, ...invalid.map((v) => ({ weight: 1, arbitrary: fc.constant(v) })));
const NOT_NUMBERS = [null, undefined, '1', true, NaN, Infinity, -Infinity];
const positiveInt = field(fc.integer({ min: 1, max: 2_000_000_000 }), 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, ...NOT_NUMBERS);
const nonNegativeInt = field(fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.constant(0)), -1, 2.5, Number.MAX_SAFE_INTEGER + 2, ...NOT_NUMBERS);
const positivePrice = field(fc.double({ min: 0.0001, max: 1e6, noNaN: true }), 0, -0, -0.5, ...NOT_NUMBERS);
const id = field(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), '', 'a'.repeat(65), 'a b', 't1.entry.1', 7, null, undefined);
const orderRef = field(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}\.(entry|stop|tp|flat|guard)\.[1-9][0-9]{0,5}$/), 't1.entry', 't1.exit.1', 't1.tp.0', 't1.entry.1234567', '', 3, null, undefined);
const text = (max: number) => field(fc.string({ minLength: 1, maxLength: 6 }), '', 'x'.repeat(max + 1), 5, null, undefined);
const symbol = field(fc.stringMatching(/^[A-Z][A-Z0-9.]{0,9}$/), 'aapl', '1AB', 'A1234567890', '', null, undefined);
const oneOf = (...values: unknown[]) => field(fc.constantFrom(...values), 'other', undefined, null, 1);
const bool = field(fc.boolean(), 'true', undefined, 0, null);
const orNull = (arb: fc.Arbitrary<unknown>) => fc.oneof(arb, fc.constant(null));
const object = <T>(arb: fc.Arbitrary<T>) => field(arb, null, [], 'x', undefined);
const sessions = ['closed', 'premarket', 'regular', 'after-hours'];

const firing = object(fc.record({
  triggerId: id,
  owner: object(fc.record({ tradeId: id, purpose: oneOf('entry', 'stop', 'take-profit') })),
  at: nonNegativeInt,
  tick: object(fc.record({ conId: positiveInt, price: positivePrice, source: oneOf('last', 'bid', 'ask', 'mid'), seq: nonNegativeInt, exchangeTime: orNull(nonNegativeInt), receivedAt: nonNegativeInt })),
  level: positivePrice,
  session: oneOf(...sessions),
}));

const check = object(fc.record({
  checkId: text(128), tradeId: id, orderRef, underlying: symbol, conId: positiveInt, side: oneOf('BUY', 'SELL'), quantity: positiveInt, price: positivePrice,
  multiplier: positiveInt, opening: bool, session: oneOf(...sessions), ask: orNull(positivePrice), purpose: oneOf('arm', 'fire'),
}, { requiredKeys: ['checkId', 'tradeId', 'underlying', 'conId', 'side', 'quantity', 'price', 'multiplier', 'opening', 'session', 'ask', 'purpose'] }));

const decision = object(fc.oneof(
  fc.record({ approved: field(fc.constant(true), false), reservationId: field(fc.string({ maxLength: 6 }), 5, null, undefined), expiresAt: nonNegativeInt }),
  fc.record({ approved: field(fc.constant(false), true), code: oneOf(...Object.keys(RiskReasons)), message: field(fc.string({ maxLength: 6 }), 5, null, undefined) }),
));
const decided = object(fc.record({
  checkId: text(128), orderRef, tradeId: id, conId: positiveInt, side: oneOf('BUY', 'SELL'), quantity: positiveInt, price: positivePrice, opening: bool, decision, decidedAt: nonNegativeInt,
  underlying: symbol, multiplier: positiveInt, decidedBy: text(128),
}, { requiredKeys: ['checkId', 'orderRef', 'tradeId', 'conId', 'side', 'quantity', 'price', 'opening', 'decision', 'decidedAt'] }));

/** A place command, its prices mostly matching its order type (the schema's refinement). */
const placeCommand = (extra: Record<string, fc.Arbitrary<unknown>>) => object(fc.constantFrom('MKT', 'LMT', 'STP', 'STP LMT').chain((type) => {
  const price = (takes: boolean) => (takes ? field(fc.double({ min: 0.0001, max: 1e6, noNaN: true }), undefined, 0, -1, '1', NaN) : field(fc.constant(undefined), 2.5));
  // Defaulted by the schema: often left out.
  const defaulted = (valid: fc.Arbitrary<unknown>, ...invalid: unknown[]) =>
    fc.oneof({ weight: 6, arbitrary: valid }, { weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });
  return fc.record({
    orderRef, conId: positiveInt, side: oneOf('BUY', 'SELL'), quantity: positiveInt, orderType: field(fc.constant(type), 'LMT', 'other', null),
    limitPrice: price(type === 'LMT' || type === 'STP LMT'), stopPrice: price(type === 'STP' || type === 'STP LMT'),
    tif: defaulted(fc.constantFrom('DAY', 'GTC'), 'IOC', null), outsideRth: defaulted(fc.boolean(), 'true', 0), opening: bool,
    ocaGroup: field(fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: undefined }), '', 'x'.repeat(65), 5, null),
    ...extra,
  });
}));
const place = placeCommand({});
const placeOnApproval = placeCommand({ riskCheckId: text(128) });

/** The fields a schema defaults: a payload without them is valid, and left to the schema to complete. */
const PLACE_DEFAULTED = ['tif', 'outsideRth'];

const cases: Array<[string, fc.Arbitrary<unknown>, z.ZodType, (v: unknown) => string | null, string[]]> = [
  ['TriggerFiring', firing, TriggerFiring, triggerFiringProblem, []],
  ['RiskCheckV2', check, RiskCheckRequestV2, riskCheckV2Problem, []],
  ['RiskDecided', decided, RiskDecided, riskDecidedProblem, []],
  ['PlaceOrder', place, PlaceOrderCommand, placeOrderProblem, PLACE_DEFAULTED],
  ['PlaceOrderOnApproval', placeOnApproval, PlaceOrderOnApprovalCommand, placeOrderOnApprovalProblem, PLACE_DEFAULTED],
];

const completes = (value: unknown, defaulted: string[]) => defaulted.every((k) => (value as Record<string, unknown>)[k] !== undefined);

describe('fire path checks', () => {
  it.each(cases)('fire path checks: the %s check accepts exactly what its schema accepts, as sent and as received', (_name, arbitrary, schema, problem, defaulted) => {
    let accepted = 0;
    let leftToSchema = 0;
    fc.assert(
      fc.property(arbitrary, (raw) => {
        const received = raw === undefined ? undefined : (JSON.parse(JSON.stringify(raw)) as unknown);
        for (const value of [raw, received]) {
          const parsed = schema.safeParse(value);
          const complete = parsed.success && completes(value, defaulted);
          expect({ value, valid: problem(value) === null }).toEqual({ value, valid: complete });
          if (parsed.success && !complete) leftToSchema++;
          if (complete) {
            accepted++;
            // Used as it came: the schema adds, drops or changes nothing in a valid payload.
            expect(parsed.data).toEqual(value);
          }
        }
      }),
      { numRuns: 5_000 },
    );
    // The generators reach both sides of the line (and, with defaults, the schema's own side).
    expect(accepted).toBeGreaterThan(100);
    if (defaulted.length > 0) expect(leftToSchema).toBeGreaterThan(100);
  });

  it('fire path checks are the contracts\' checks', () => {
    expect(Contracts.TriggerFiring.check).toBe(triggerFiringProblem);
    expect(Contracts.RiskCheckV2.check).toBe(riskCheckV2Problem);
    expect(Contracts.RiskDecided.check).toBe(riskDecidedProblem);
    expect(Contracts.PlaceOrder.check).toBe(placeOrderProblem);
    expect(Contracts.PlaceOrderOnApproval.check).toBe(placeOrderOnApprovalProblem);
    expect(Contracts.PlaceOrderV2.check).toBe(placeOrderOnApprovalProblem);
  });

  it('fire path checks name the offending field', () => {
    const valid = {
      checkId: 't1.entry.1', orderRef: 't1.entry.1', tradeId: 't1', conId: 5, side: 'BUY', quantity: 1, price: 2.5, opening: true,
      decision: { approved: true, reservationId: 'rsv:t1.entry.1', expiresAt: 10 }, decidedAt: 5,
    };
    expect(riskDecidedProblem(valid)).toBeNull();
    expect(riskDecidedProblem({ ...valid, decision: { approved: false, code: 'NOPE', message: 'x' } })).toMatch(/^decision\.code:/);
    expect(riskDecidedProblem({ ...valid, orderRef: 't1.exit.1' })).toMatch(/^orderRef:/);
  });
});
