import { easternParts, MarketCalendar, type Clock } from '@arctrigger/service-kit';
import type { SimContext } from './sim-context';
import type { TwsSim, TwsSimOptions } from './tws-sim-handle';
import { ScaledClock, isAdvanceable } from './clock/scaled-clock';
import { ControlServer } from './control-api/control-server';
import { FaultInjector } from './faults/fault-injector';
import { noFaults } from './faults/fault-state';
import { InstrumentRegistry, stockFromSpec } from './market/instruments';
import { Market, quoteSlotsFor, type QuoteSlot } from './market/market';
import { MarketRuleId } from './market/market-rules';
import { addOptionChain } from './market/option-chain';
import { SeededRandom } from './market/seeded-random';
import { BrokerIds } from './orders/broker-ids';
import { OrderEngine } from './orders/order-engine';
import type { ClientSession } from './protocol/client-session';
import { MarketDataHub } from './protocol/market-data-hub';
import { twsTime } from './protocol/messages/contract-fields';
import { startApi } from './protocol/messages/session-requests';
import { OrderFeedRouter } from './protocol/order-feed-router';
import { routeRequest } from './protocol/request-router';
import { parseScenario } from './scenario/load-scenario';
import { TwsServer } from './server/tws-server';

export class InvalidScenarioError extends Error {
  override readonly name = 'InvalidScenarioError';
}

export async function startTwsSim(options: TwsSimOptions): Promise<TwsSim> {
  const parsed = parseScenario(options.scenario);
  if (!parsed.ok) throw new InvalidScenarioError(parsed.message);
  const scenario = parsed.scenario;
  const clock = resolveClock(options);
  const manual = typeof options.clock === 'object';
  const calendar = new MarketCalendar();
  const random = new SeededRandom(options.seed ?? 1);
  const registry = new InstrumentRegistry();
  for (const spec of scenario.stocks) registry.addStock(stockFromSpec(spec, MarketRuleId.STOCK));
  for (const stock of registry.stocks()) addOptionChain(registry, stock, clock.now(), calendar);
  const market = new Market(registry, scenario, random, calendar, clock.now());
  const faultState = noFaults();
  const sessions = { live: (): ClientSession[] => [] };
  const router = new OrderFeedRouter(() => sessions.live(), clock, faultState);
  const engine = new OrderEngine(market, (e) => router.deliver(e), scenario.account, scenario.fills.maxQuantityPerFill, new BrokerIds(options.wallClock ?? Date.now));
  const hub = new MarketDataHub(market, clock, faultState);
  const context: SimContext = { clock, scenario, registry, market, hub, engine, faults: faultState };
  const server = new TwsServer(
    {
      onStart: (session) => startApi(context, session),
      onRequest: (session, fields) => routeRequest(context, session, fields),
      onClose: (session) => hub.dropSession(session),
      connectionTime: () => twsTime(clock.now(), easternParts),
    },
    { pacingLimit: () => faultState.pacingLimit ?? options.pacingLimit ?? 50, wallClock: () => performance.now() },
  );
  sessions.live = () => server.liveSessions();
  const faults = new FaultInjector(faultState, server, engine, hub, () => clock.now());
  const step = (slot?: QuoteSlot) => {
    const now = clock.now();
    market.step(now, slot);
    if (!faultState.connectivityLost) engine.onStep(now);
  };
  const port = await server.listen(options.port ?? 0, options.host);
  // Real time: every watched instrument is re-quoted once per tick interval, the instruments
  // spread over slots of the interval. A manual clock re-quotes everything on every step.
  const slots = quoteSlotsFor(scenario.tickIntervalMs);
  let nextSlot = 0;
  const interval = manual ? undefined : setInterval(() => step({ index: nextSlot++ % slots, of: slots }), Math.floor(scenario.tickIntervalMs / slots));
  step();

  const sim: TwsSim = {
    port,
    controlPort: undefined,
    clock,
    scenario,
    faults,
    context,
    setPrice(symbol, price) {
      const stock = registry.stock(symbol);
      if (!stock) throw new RangeError(`unknown symbol ${symbol}`);
      market.setPrice(stock, price, clock.now());
      if (!faultState.connectivityLost) engine.onStep(clock.now());
    },
    advanceClock(ms) {
      if (!isAdvanceable(clock)) throw new TypeError('this clock cannot be advanced');
      clock.advance(ms);
      step();
    },
    step,
    orders: () => engine.allOrders(),
    ocaGroup: (name) => engine.oca.group(name),
    executions: () => engine.allExecutions(),
    positions: () => engine.positions.all(),
    bookExternalTrade(conId, quantity, price) {
      const instrument = registry.get(conId);
      if (!instrument) return false;
      engine.positions.apply(instrument, quantity, price, 0);
      return true;
    },
    connectedClientIds: () => server.liveSessions().map((s) => s.clientId),
    async close() {
      if (interval) clearInterval(interval);
      await control?.close();
      await server.close();
    },
  };
  let control: ControlServer | undefined;
  if (options.controlPort !== undefined) {
    control = new ControlServer(sim);
    const controlPort = await control.listen(options.controlPort, options.host);
    Object.assign(sim, { controlPort });
  }
  return sim;
}

function resolveClock(options: TwsSimOptions): Clock {
  if (typeof options.clock === 'object') return options.clock;
  const speed = options.speed ?? 1;
  if (options.clock === undefined) return new ScaledClock(Date.now(), speed);
  const start = typeof options.clock === 'number' ? options.clock : Date.parse(options.clock);
  if (Number.isNaN(start)) throw new RangeError(`invalid clock start ${String(options.clock)}`);
  return new ScaledClock(start, speed);
}
