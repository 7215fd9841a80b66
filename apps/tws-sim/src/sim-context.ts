import type { Clock } from '@arctrigger/service-kit';
import type { FaultState } from './faults/fault-state';
import type { InstrumentRegistry } from './market/instruments';
import type { Market } from './market/market';
import type { OrderEngine } from './orders/order-engine';
import type { MarketDataHub } from './protocol/market-data-hub';
import type { Scenario } from './scenario/scenario-schema';

/** What request handlers work with. */
export interface SimContext {
  clock: Clock;
  scenario: Scenario;
  registry: InstrumentRegistry;
  market: Market;
  hub: MarketDataHub;
  engine: OrderEngine;
  faults: FaultState;
}
