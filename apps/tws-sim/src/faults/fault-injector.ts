import type { OrderEngine } from '../orders/order-engine';
import { IbError, type IbErrorReply } from '../protocol/ib-errors';
import type { MarketDataHub } from '../protocol/market-data-hub';
import type { TwsServer } from '../server/tws-server';
import type { FaultState } from './fault-state';

/** Every fault the simulator can inject, programmatically and through the control API. */
export class FaultInjector {
  constructor(
    private readonly state: FaultState,
    private readonly server: TwsServer,
    private readonly engine: OrderEngine,
    private readonly hub: MarketDataHub,
    private readonly now: () => number,
  ) {}

  /** Closes every client connection. */
  dropConnections(): void {
    this.server.dropAll();
  }

  /** Refuses new connections for `ms` of wall-clock time. */
  refuseConnections(ms: number): void {
    this.server.refuseFor(ms);
  }

  /** TWS lost its connection to IB: 1100 to every client; ticks stop. */
  connectivityLost(): void {
    this.state.connectivityLost = true;
    this.broadcast(IbError.connectivityLost());
  }

  /** Connection restored: 1101 (data lost: market-data subscriptions are dropped) or 1102. */
  connectivityRestored(dataLost: boolean): void {
    this.state.connectivityLost = false;
    if (dataLost) for (const s of this.server.liveSessions()) this.hub.dropSession(s);
    this.broadcast(dataLost ? IbError.restoredDataLost() : IbError.restoredDataKept());
  }

  /** Market data farm broken (2103); ticks stop until farmOk. */
  farmBroken(farm = 'usfarm'): void {
    this.state.farmBroken = true;
    this.broadcast(IbError.farmBroken(farm));
  }

  farmOk(farm = 'usfarm'): void {
    this.state.farmBroken = false;
    this.broadcast(IbError.farmOk(farm));
  }

  pauseMarketData(paused: boolean): void {
    this.state.marketDataPaused = paused;
  }

  /** Delivers order callbacks `ms` of simulated time late (0 turns it off). */
  delayCallbacks(ms: number): void {
    this.state.callbackDelayMs = ms;
  }

  duplicateNextExecution(): void {
    this.state.duplicateNextExecution = true;
  }

  execDetailsBeforeOpenOrder(): void {
    this.state.execBeforeOpenOrder = true;
  }

  /**
   * Pacing violation: every client may send at most `perSecond` messages a second (error 100 for
   * the rest) until `pacingRestored`.
   */
  pacingViolation(perSecond: number): void {
    this.state.pacingLimit = perSecond;
  }

  pacingRestored(): void {
    this.state.pacingLimit = undefined;
  }

  /** The next cancel is acknowledged with Cancelled, then the order fills anyway. */
  fillAfterNextCancel(): void {
    this.engine.faults.fillAfterCancel = true;
  }

  /** The next order is taken and lost from view: no callback, no trace for reconciliation, until a late fill. */
  swallowNextOrder(): void {
    this.engine.faults.swallowNext = true;
  }

  /** Fills `quantity` of the order `orderRef` now, whatever its state (cancelled, rejected, swallowed). */
  lateFill(orderRef: string, quantity: number, price?: number): ReturnType<OrderEngine['lateFill']> {
    return this.engine.lateFill(orderRef, quantity, price, this.now());
  }

  rejectNextOrder(code = 201, reason = 'Simulated rejection'): void {
    this.engine.faults.rejectNext = { code, reason };
  }

  /** The next order fills `quantity` and then stalls. */
  stallNextOrderAfter(quantity: number): void {
    this.engine.faults.stallAfter = quantity;
  }

  /** TWS restarts: every connection drops and the next valid ids roll back by `rollBackIds`. */
  restart(rollBackIds: number): void {
    this.engine.rollBackIds(rollBackIds);
    this.server.dropAll();
  }

  private broadcast(reply: IbErrorReply): void {
    for (const s of this.server.liveSessions()) s.sendError(-1, reply);
  }
}
