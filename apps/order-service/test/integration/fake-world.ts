import { Contracts, type ArmTriggerCommand, type MarketTick, type PlaceOrderCommand, type RiskCheckRequestV2, type ServiceName } from '@arctrigger/contracts';
import { Bus, createLogger } from '@arctrigger/service-kit';
import type { TestNatsServer } from '@arctrigger/testkit';

export const UNDER = 265598;
export const OPTION = 700001;

/** The services around the order-service, played by small responders as their real NATS users. */
export class FakeWorld {
  readonly placed: PlaceOrderCommand[] = [];
  readonly armed: ArmTriggerCommand[] = [];
  /** Trigger ids the trigger-service lists as disarmed (someone disarmed them behind the trade's back). */
  readonly disarmedBehind = new Set<string>();
  readonly cancels: string[] = [];
  /** Placements and cancels in the order the gateway got them (`place:<orderRef>`, `cancel:<orderRef>`). */
  readonly wire: string[] = [];
  readonly riskChecks: RiskCheckRequestV2[] = [];
  /** Reservation ids released, in order. */
  readonly releases: string[] = [];
  readonly modifies: Array<{ orderRef: string; quantity?: number; limitPrice?: number; stopPrice?: number }> = [];
  private waiters: Array<() => void> = [];
  optionAsk = 2.42;
  /** While set, the trigger-service refuses stop triggers (the position cannot be protected). */
  refuseStops = false;
  /** Place commands for these orderRefs are refused (so many times each), as a gateway cut off from TWS refuses them. */
  readonly refuseAsDisconnected = new Map<string, number>();
  /** Placements of these orderRefs are answered `unknown` (no acknowledgement), every time they are asked. */
  readonly answerUnknown = new Set<string>();

  private constructor(readonly gateway: Bus, readonly triggers: Bus, readonly risk: Bus) {}

  static async start(nats: TestNatsServer): Promise<FakeWorld> {
    const bus = async (user: ServiceName) =>
      new Bus(await nats.connectAs(user), { service: user, instanceId: `fake-${user}`, logger: createLogger({ service: user, instanceId: 'x', level: 'silent' }) });
    const w = new FakeWorld(await bus('gateway'), await bus('trigger-service'), await bus('risk-service'));
    w.answer();
    await Promise.all([w.gateway.nc.flush(), w.triggers.nc.flush(), w.risk.nc.flush()]);
    return w;
  }

  private changed(): void {
    for (const w of this.waiters) w();
  }

  /** Resolves once `predicate` holds after some recorded command. */
  until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          this.waiters = this.waiters.filter((x) => x !== check);
          clearTimeout(t);
          resolve();
        }
      };
      const t = setTimeout(() => reject(new Error(`condition not met in time; the gateway saw ${this.wire.join(', ')}; modifies ${JSON.stringify(this.modifies)}`)), timeoutMs);
      this.waiters.push(check);
    });
  }

  private answer(): void {
    const g = this.gateway;
    const tick = (conId: number, bid: number, ask: number, last: number) => ({ conId, seq: 1, bid, ask, last, bidSize: 1, askSize: 1, lastSize: 1, exchangeTime: null, receivedAt: Date.now() });
    g.reply(Contracts.QualifyContract, (req) => {
      const opt = req.secType === 'OPT';
      return { ok: true as const, value: {
        conId: opt ? OPTION : UNDER, symbol: req.symbol, secType: req.secType, exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD',
        localSymbol: req.symbol, tradingClass: req.symbol, multiplier: opt ? 100 : 1, minTick: 0.01, marketRuleIds: [32],
        expiry: opt ? req.expiry : null, strike: opt ? req.strike : null, right: opt ? req.right : null, underConId: opt ? UNDER : null,
      } };
    });
    g.reply(Contracts.OptionChain, (req) => ({ ok: true as const, value: { underConId: req.underConId, symbol: req.symbol, tradingClass: req.symbol, multiplier: 100, expiries: [{ expiry: '20260116', strikes: [225, 230, 232.5, 235] }] } }));
    g.reply(Contracts.MarketRule, (req) => ({ ok: true as const, value: { marketRuleId: req.marketRuleId, increments: [{ lowEdge: 0, increment: 0.05 }, { lowEdge: 3, increment: 0.1 }] } }));
    g.reply(Contracts.QuoteSnapshot, (req) => ({ ok: true as const, value: req.conId === OPTION ? tick(OPTION, this.optionAsk - 0.1, this.optionAsk, this.optionAsk) : tick(UNDER, 230, 230.02, 230.01) }));
    g.reply(Contracts.AcquireMarketDataLease, (req) => ({ ok: true as const, value: { leases: req.conIds.map((conId) => ({ conId, expiresAt: Date.now() + req.ttlMs })) } }));
    g.reply(Contracts.ReleaseMarketDataLease, (req) => ({ ok: true as const, value: { released: req.conIds } }));
    // Every risk check here is approved, so an order placed on approval (v2) is placed as v1 is.
    const place = (cmd: PlaceOrderCommand) => {
      const refusals = this.refuseAsDisconnected.get(cmd.orderRef) ?? 0;
      if (refusals > 0) {
        this.refuseAsDisconnected.set(cmd.orderRef, refusals - 1);
        this.changed();
        return { ok: false as const, code: 'TWS_DISCONNECTED' as const, message: 'The gateway is not connected to TWS; nothing was sent.', retryable: true };
      }
      this.placed.push(cmd);
      this.wire.push(`place:${cmd.orderRef}`);
      this.changed();
      const outcome = this.answerUnknown.has(cmd.orderRef) ? ('unknown' as const) : ('accepted' as const);
      return { ok: true as const, value: { orderRef: cmd.orderRef, ibOrderId: this.placed.length, permId: 1000 + this.placed.length, outcome } };
    };
    g.reply(Contracts.PlaceOrder, place);
    g.reply(Contracts.PlaceOrderOnApproval, place);
    g.reply(Contracts.ModifyOrder, (cmd) => {
      this.modifies.push(cmd);
      this.changed();
      return { ok: true as const, value: { orderRef: cmd.orderRef, ibOrderId: 1 } };
    });
    g.reply(Contracts.CancelOrder, (cmd) => {
      this.cancels.push(cmd.orderRef);
      this.wire.push(`cancel:${cmd.orderRef}`);
      this.changed();
      return { ok: true as const, value: { orderRef: cmd.orderRef, ibOrderId: 1 } };
    });
    const view = (cmd: ArmTriggerCommand) => ({ ...cmd, status: 'armed', statusReason: null, lastPrice: null, armedAt: 1, updatedAt: 1, revision: 1, firedBy: null, firedSession: null });
    this.triggers.reply(Contracts.ArmTrigger, (cmd) => {
      if (this.refuseStops && cmd.owner.purpose === 'stop') return { ok: false as const, code: 'CONFLICT' as const, message: 'the trigger kept changing; retry', retryable: true };
      this.armed.push(cmd);
      this.changed();
      const { ifMetOnArm: _x, ...rest } = cmd;
      return { ok: true as const, value: view(rest as ArmTriggerCommand) as never };
    });
    // The trigger-service's list: every trigger armed here, `disarmed` for those disarmed behind the trade's back.
    this.triggers.reply(Contracts.ListTriggers, (q) => ({
      ok: true as const,
      value: { triggers: this.armed.filter((a) => !q.tradeId || a.owner.tradeId === q.tradeId).map((a) => ({ ...view(a), status: this.disarmedBehind.has(a.triggerId) ? 'disarmed' : 'armed' }) as never) },
    }));
    this.triggers.reply(Contracts.ModifyTrigger, (cmd) => ({ ok: true as const, value: view({ ...this.armed.find((a) => a.triggerId === cmd.triggerId)!, level: cmd.level ?? 1 }) as never }));
    this.triggers.reply(Contracts.DisarmTrigger, (cmd) => ({ ok: true as const, value: view(this.armed.find((a) => a.triggerId === cmd.triggerId) ?? this.armed[0]!) as never }));
    this.risk.reply(Contracts.RiskCheckV2, (req) => {
      this.riskChecks.push(req);
      this.changed();
      return { ok: true as const, value: { approved: true as const, reservationId: `r-${req.checkId}`, expiresAt: Date.now() + 60_000 } };
    });
    this.risk.reply(Contracts.ReleaseReservation, (req) => {
      this.releases.push(req.reservationId);
      this.changed();
      return { ok: true as const, value: { released: true } };
    });
  }

  /** The trigger-service fires a trigger (durably, Nats-Msg-Id = fired:<triggerId>). */
  async fire(trigger: ArmTriggerCommand, price: number, session: 'regular' | 'premarket' = 'regular'): Promise<void> {
    await this.triggers.publishDurable(Contracts.TriggerEvent, {
      type: 'fired', eventId: `fired:${trigger.triggerId}`, triggerId: trigger.triggerId, owner: trigger.owner, at: Date.now(),
      tick: { conId: trigger.conId, price, source: 'last', seq: 9, exchangeTime: null, receivedAt: Date.now() }, level: trigger.level, session,
    }, { params: { tradeId: trigger.owner.tradeId }, msgId: `fired:${trigger.triggerId}` });
  }

  /** The trigger-service announces a fire it is deciding (`trg.firing`, core NATS, before its compare-and-set). */
  announce(trigger: ArmTriggerCommand, price: number, session: 'regular' | 'premarket' = 'regular'): void {
    this.triggers.publish(Contracts.TriggerFiring, {
      triggerId: trigger.triggerId, owner: trigger.owner, at: Date.now(),
      tick: { conId: trigger.conId, price, source: 'last', seq: 9, exchangeTime: null, receivedAt: Date.now() }, level: trigger.level, session,
    }, { params: { tradeId: trigger.owner.tradeId } });
  }

  /**
   * The gateway streams a fresh option quote (the world has no live feed: quotes age otherwise);
   * `over` changes fields of it (an empty book, another seq). Resolves once the server has it.
   */
  quoteOption(over: Partial<MarketTick> = {}): Promise<void> {
    this.gateway.publish(Contracts.MarketTick, {
      conId: OPTION, seq: Date.now(), bid: this.optionAsk - 0.1, ask: this.optionAsk, last: this.optionAsk, bidSize: 1, askSize: 1, lastSize: 1, exchangeTime: null, receivedAt: Date.now(),
      ...over,
    }, { params: { conId: OPTION } });
    return this.gateway.nc.flush();
  }

  /** The gateway reports one execution (Nats-Msg-Id = execId). */
  async execute(order: PlaceOrderCommand, execId: string, shares: number, price: number): Promise<void> {
    const tradeId = order.orderRef.split('.')[0]!;
    await this.gateway.publishDurable(Contracts.Execution, {
      execId, orderRef: order.orderRef, ibOrderId: 1, permId: 1001, conId: OPTION, side: order.side, shares, price, cumQty: shares, avgPrice: price,
      exchange: 'CBOE', account: 'DU1', executedAt: Date.now(), reconciled: false,
    }, { params: { tradeId }, msgId: execId });
  }

  async status(order: PlaceOrderCommand, status: 'submitted' | 'cancelled' | 'pre-submitted' | 'filled', filled = 0): Promise<void> {
    const tradeId = order.orderRef.split('.')[0]!;
    await this.gateway.publishDurable(Contracts.BrokerOrderEvent, {
      type: 'status', orderRef: order.orderRef, ibOrderId: 1, permId: 1001, conId: OPTION, at: Date.now(), reconciled: false,
      status, filled, remaining: order.quantity - filled, avgFillPrice: 0, whyHeld: null,
    }, { params: { tradeId }, msgId: `${order.orderRef}:${status}:${Date.now()}` });
  }

  async reject(order: PlaceOrderCommand, code: number, reason: string): Promise<void> {
    const tradeId = order.orderRef.split('.')[0]!;
    await this.gateway.publishDurable(Contracts.BrokerOrderEvent, {
      type: 'rejected', orderRef: order.orderRef, ibOrderId: 1, permId: 1001, conId: OPTION, at: Date.now(), reconciled: false, code, reason,
    }, { params: { tradeId }, msgId: `${order.orderRef}:rej` });
  }

  /** The gateway's reconciliation found no trace of the order. */
  async notFound(order: PlaceOrderCommand): Promise<void> {
    const tradeId = order.orderRef.split('.')[0]!;
    await this.gateway.publishDurable(Contracts.BrokerOrderEvent, {
      type: 'not-found', orderRef: order.orderRef, ibOrderId: 1, permId: null, conId: OPTION, reconciled: true, at: Date.now(),
    }, { params: { tradeId }, msgId: `${order.orderRef}:not-found` });
  }

  async stop(): Promise<void> {
    await Promise.all([this.gateway.drain(), this.triggers.drain(), this.risk.drain()]);
  }
}
