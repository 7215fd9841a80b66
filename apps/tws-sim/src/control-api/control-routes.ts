import type { TwsSim } from '../tws-sim-handle';
import { ControlSchemas, type ControlBody, type ControlRoute } from './control-schemas';

export interface ControlResult {
  status: number;
  body: unknown;
}

type Actions = { [R in ControlRoute]: (sim: TwsSim, body: ControlBody<R>) => unknown };

/** What each mutating route does once its body is valid. */
const ACTIONS: Actions = {
  'POST /clock/advance': (sim, b) => sim.advanceClock(b.ms),
  'POST /market/price': (sim, b) => {
    if (!sim.context.registry.stock(b.symbol)) return { ok: false, code: 'UNKNOWN_SYMBOL', message: `unknown symbol ${b.symbol}` };
    sim.setPrice(b.symbol, b.price);
    return undefined;
  },
  'POST /market/pause': (sim, b) => sim.faults.pauseMarketData(b.paused),
  'POST /account/external-trade': (sim, b) =>
    sim.bookExternalTrade(b.conId, b.quantity, b.price) ? undefined : { ok: false, code: 'UNKNOWN_CONTRACT', message: `unknown conId ${b.conId}` },
  'POST /faults/drop-connections': (sim) => sim.faults.dropConnections(),
  'POST /faults/refuse-connections': (sim, b) => sim.faults.refuseConnections(b.seconds * 1000),
  'POST /faults/connectivity-lost': (sim) => sim.faults.connectivityLost(),
  'POST /faults/connectivity-restored': (sim, b) => sim.faults.connectivityRestored(b.dataLost),
  'POST /faults/farm-broken': (sim, b) => sim.faults.farmBroken(b?.farm),
  'POST /faults/farm-ok': (sim, b) => sim.faults.farmOk(b?.farm),
  'POST /faults/delay-callbacks': (sim, b) => sim.faults.delayCallbacks(b.ms),
  'POST /faults/duplicate-next-execution': (sim) => sim.faults.duplicateNextExecution(),
  'POST /faults/exec-before-open-order': (sim) => sim.faults.execDetailsBeforeOpenOrder(),
  'POST /faults/fill-after-next-cancel': (sim) => sim.faults.fillAfterNextCancel(),
  'POST /faults/reject-next-order': (sim, b) => sim.faults.rejectNextOrder(b?.code, b?.reason),
  'POST /faults/stall-next-order': (sim, b) => sim.faults.stallNextOrderAfter(b.quantity),
  'POST /faults/swallow-next-order': (sim) => sim.faults.swallowNextOrder(),
  'POST /faults/late-fill': (sim, b) => {
    const outcome = sim.faults.lateFill(b.orderRef, b.quantity, b.price);
    return 'ok' in outcome ? outcome : undefined;
  },
  'POST /faults/pacing-violation': (sim, b) => sim.faults.pacingViolation(b.perSecond),
  'POST /faults/pacing-restored': (sim) => sim.faults.pacingRestored(),
  'POST /faults/restart': (sim, b) => sim.faults.restart(b?.rollBackIds ?? 0),
};

/** Routes one control request; invalid input is a 400 with every issue and changes nothing. */
export function handleControlRequest(sim: TwsSim, method: string, path: string, body: unknown): ControlResult {
  const route = `${method.toUpperCase()} ${path}`;
  const read = reads(sim)[route];
  if (read) return { status: 200, body: read() };
  if (!(route in ControlSchemas)) return { status: 404, body: { ok: false, code: 'NOT_FOUND', message: `no route ${route}` } };
  const r = route as ControlRoute;
  const parsed = ControlSchemas[r].safeParse(body);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return { status: 400, body: { ok: false, code: 'INVALID_REQUEST', message } };
  }
  const outcome = (ACTIONS[r] as (s: TwsSim, b: unknown) => unknown)(sim, parsed.data);
  if (outcome && typeof outcome === 'object' && 'ok' in outcome) return { status: 404, body: outcome };
  return { status: 200, body: { ok: true, state: state(sim) } };
}

function reads(sim: TwsSim): Record<string, () => unknown> {
  return {
    'GET /health': () => ({ ok: true }),
    'GET /state': () => state(sim),
    'GET /orders': () => sim.orders().map(orderView),
    'GET /oca-groups': () =>
      sim.context.engine.oca.all().map((g) => ({
        name: g.name,
        account: g.account,
        orders: g.orders.map((o) => ({ clientId: o.clientId, orderId: o.orderId, permId: o.permId, ocaType: o.ocaType, state: o.state, totalQuantity: o.totalQuantity, filled: o.filled })),
      })),
    'GET /executions': () => sim.executions().map((e) => ({ ...e, instrument: instrumentView(e.instrument) })),
    'GET /positions': () => sim.positions().map((p) => ({ ...p, instrument: instrumentView(p.instrument) })),
    'GET /instruments': () =>
      sim.context.registry.stocks().map((s) => ({ instrument: instrumentView(s), price: sim.context.market.underlyingPrice(s), options: sim.context.registry.optionsOf(s.conId).length })),
  };
}

function state(sim: TwsSim): unknown {
  const now = sim.clock.now();
  return {
    now: new Date(now).toISOString(),
    session: sim.context.market.session(now),
    clientIds: sim.connectedClientIds(),
    faults: { ...sim.context.faults, ...sim.context.engine.faults },
  };
}

function orderView(o: ReturnType<TwsSim['orders']>[number]): unknown {
  const { instrument, ...rest } = o;
  return { ...rest, instrument: instrumentView(instrument) };
}

function instrumentView(i: ReturnType<TwsSim['orders']>[number]['instrument']): unknown {
  return i.secType === 'OPT'
    ? { conId: i.conId, secType: i.secType, symbol: i.symbol, localSymbol: i.localSymbol, expiry: i.expiry, strike: i.strike, right: i.right }
    : { conId: i.conId, secType: i.secType, symbol: i.symbol, primaryExchange: i.primaryExchange };
}
