/**
 * A world the fault rows run in: the whole system as real processes (nats-server or a 3-node
 * cluster, the TWS simulator on a real socket, and every service), started once for all the rows
 * of that world. Each row arms a book on underlyings of its own.
 */
import type { ServiceName } from '@arctrigger/contracts';
import { freePort, type TestNatsCluster } from '@arctrigger/testkit';
import { SystemHarness } from '../support/system-harness';
import { flatStock, GENEROUS_RISK_ENV, TradeDriver } from '../support/trade-driver';
import type { World } from './fault-table';
import type { ChaosWorld } from './faults';
import { FLAT, underlyingOf } from './trade-book';

export const SERVICES: ServiceName[] = ['gateway', 'trigger-service', 'risk-service', 'order-service', 'watchlist-service', 'console'];

/** Tuesday 2026-03-10 (EDT): 10:30 is the regular session, 09:30 the open. */
const REGULAR = Date.parse('2026-03-10T14:30:00Z');
const OPEN = Date.parse('2026-03-10T13:30:00Z');
/** The premarket world starts this long before the open: time to start, arm and hit before 09:30. */
export const PREMARKET_LEAD_MS = 180_000;

export interface RunningWorld extends ChaosWorld {
  kind: World;
  driver: TradeDriver;
  /** The regular open on the world's clock (premarket world). */
  openAt: number;
  notes: string[];
  stop(): Promise<void>;
  /** Restarts any service that is not running (a row that failed half-way must not break the next). */
  repair(): Promise<string[]>;
}

/** Starts a world with `underlyings` flat stocks (underlyingOf(0…n−1)). */
export async function startWorld(kind: World, underlyings: number): Promise<RunningWorld> {
  const clockShiftMs = kind === 'premarket' ? OPEN - PREMARKET_LEAD_MS - Date.now() : REGULAR - Date.now();
  const system = await SystemHarness.start({
    services: SERVICES,
    cluster: kind === 'cluster',
    readyTimeoutMs: 120_000,
    clockShiftMs,
    sim: { scenario: { tickIntervalMs: 100, stocks: Array.from({ length: underlyings }, (_, i) => { const u = underlyingOf(i); return flatStock(u.symbol, u.conId, FLAT); }) } },
    env: { 'risk-service': GENEROUS_RISK_ENV, console: { HTTP_PORT: String(await freePort()) } },
  });
  const driver = await TradeDriver.start(system);
  const notes: string[] = [];
  const world: RunningWorld = {
    kind,
    system,
    driver,
    notes,
    openAt: OPEN,
    ...(kind === 'cluster' ? { cluster: system.nats as TestNatsCluster } : {}),
    note: (text) => notes.push(text),
    async stop() {
      driver.stop();
      await system.stop();
    },
    async repair() {
      const repaired: string[] = [];
      for (const app of SERVICES) {
        const p = system.processes.get(app);
        const gone = !p || (await Promise.race([p.exited.then(() => true), Promise.resolve(false)]));
        // A row that failed while a service was paused must not leave it paused.
        if (!gone && p) {
          try {
            process.kill(p.pid, 'SIGCONT');
          } catch {
            // It exited meanwhile: restarted below on the next repair.
          }
        }
        if (gone) {
          await system.startService(app);
          repaired.push(app);
        }
      }
      return repaired;
    },
  };
  return world;
}
