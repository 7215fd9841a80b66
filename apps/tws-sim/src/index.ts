/** @arctrigger/tws-sim — a TWS API server for development and tests. */
export { startTwsSim, InvalidScenarioError } from './tws-sim';
export type { TwsSim, TwsSimOptions } from './tws-sim-handle';
export { parseScenario, loadScenarioFile, type ScenarioResult } from './scenario/load-scenario';
export { ScenarioSchema, type Scenario, type ScenarioInput, type StockSpec } from './scenario/scenario-schema';
export { ScaledClock } from './clock/scaled-clock';
export type { FaultInjector } from './faults/fault-injector';
export type { SimOrder, Execution } from './orders/sim-order';
export type { Position } from './orders/positions';
export { OrderState } from './orders/order-status';
export { SERVER_VERSION } from './protocol/message-ids';
