import type { Subscription } from '@nats-io/transport-node';
import { Contracts, DurableConsumers, type TradeId, type TriggerEvent, type TriggerFiring } from '@arctrigger/contracts';
import { consumeDurable, type Bus, type RunningConsumer } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { actingAs, Actors } from '../adapters/acting';
import type { OrderServiceApp } from '../order-service-app';

/**
 * How long a fire, broker order event, execution or commission delivered to an order-service that
 * died stays with it before JetStream delivers it again (to the restarted instance or another):
 * its handler reports itself in progress while it works, so this bounds only a crash's delay. At
 * JetStream's 30 s, a commission the killed instance held reached its trade after the trade closed.
 */
export const TRADE_WORK_ACK_WAIT_MS = 5_000;

/**
 * The order-service's work, on direct subscriptions (the hot path stays off Nest): a trigger's
 * fire is taken from the first copy that arrives — the trigger-service's `trg.firing` notice (core,
 * sent beside its compare-and-set), the `fired` event as published (core), or its stored copy
 * (durable consumer, which also gets anything the subscriptions missed); a later copy finds the
 * work done and does nothing. Broker order events, executions and commissions come through durable
 * consumers. Everything about one trade runs in that trade's queue.
 */
export class TradeWork {
  private constructor(
    private readonly subs: Subscription[],
    private readonly consumers: RunningConsumer[],
  ) {}

  static async start(bus: Bus, app: OrderServiceApp, logger: Logger): Promise<TradeWork> {
    const tradeOf = (subject: string) => subject.split('.').pop() as TradeId;
    const fire = (tradeId: TradeId, task: () => Promise<void>, copy: string) =>
      void actingAs(Actors.TRIGGER_SERVICE, () => app.inQueue(tradeId, task)).catch((error: unknown) => logger.error({ err: error, tradeId }, `trigger fire (${copy}) failed; the durable copy of fired retries it`));
    // (The queue groups keep the names they had when only entries fired this way: instances of two
    // versions side by side stay in one group.)
    const subs = [
      bus.subscribe(Contracts.TriggerFiring, (notice) => fire(notice.owner.tradeId, () => onFiring(app, notice), 'trg.firing notice'), { queue: 'order-service-entry-firing' }),
      bus.subscribe(Contracts.TriggerEvent, (e) => {
        if (e.type === 'fired') fire(e.owner.tradeId, () => onTriggerEvent(app, e), 'fired as published');
      }, { queue: 'order-service-entry-fires' }),
    ];
    const consumers = [
      await consumeDurable(bus, { contract: Contracts.TriggerEvent, stream: DurableConsumers.ORDER_SERVICE_TRIGGERS.stream, durable: DurableConsumers.ORDER_SERVICE_TRIGGERS.name, ackWaitMs: TRADE_WORK_ACK_WAIT_MS },
        (e) => actingAs(Actors.TRIGGER_SERVICE, () => app.inQueue(e.owner.tradeId, () => onTriggerEvent(app, e)))),
      await consumeDurable(bus, { contract: Contracts.BrokerOrderEvent, stream: DurableConsumers.ORDER_SERVICE_ORDERS.stream, durable: DurableConsumers.ORDER_SERVICE_ORDERS.name, ackWaitMs: TRADE_WORK_ACK_WAIT_MS },
        (e, m) => actingAs(Actors.GATEWAY, () => app.inQueue(tradeOf(m.subject), () => app.brokerOrderEvent.execute(e)))),
      await consumeDurable(bus, { contract: Contracts.Execution, stream: DurableConsumers.ORDER_SERVICE_EXECUTIONS.stream, durable: DurableConsumers.ORDER_SERVICE_EXECUTIONS.name, filterSubject: 'gw.exec.v1.>', ackWaitMs: TRADE_WORK_ACK_WAIT_MS },
        (e, m) => actingAs(Actors.GATEWAY, () => app.inQueue(tradeOf(m.subject), () => app.traces.inEntryTrace(tradeOf(m.subject), 'trade fill', () => app.bookExecution.execute(e))))),
      await consumeDurable(bus, { contract: Contracts.CommissionReport, stream: DurableConsumers.ORDER_SERVICE_COMMISSIONS.stream, durable: DurableConsumers.ORDER_SERVICE_COMMISSIONS.name, filterSubject: 'gw.commission.v1.>', ackWaitMs: TRADE_WORK_ACK_WAIT_MS },
        (e, m) => actingAs(Actors.GATEWAY, () => app.inQueue(tradeOf(m.subject), () => app.bookCommission.execute(e)))),
    ];
    return new TradeWork(subs, consumers);
  }

  async stop(): Promise<void> {
    for (const s of this.subs) s.unsubscribe();
    for (const c of this.consumers) await c.stop();
  }
}

/** A trigger event: the entry, stop or take-profit of a trade fired, or its entry trigger was lost. */
function onTriggerEvent(app: OrderServiceApp, event: TriggerEvent): Promise<void> {
  const view = app.deps.store.get(event.owner.tradeId);
  if (!view) return Promise.resolve();
  if (event.type === 'fired') {
    if (event.owner.purpose === 'entry') return app.fireEntry.onFired(view, { ...event, causationId: event.eventId });
    if (event.owner.purpose === 'stop') return app.stopFired.execute(view, event.triggerId, event.tick.price, event.eventId);
    return app.takeProfitFired.execute(view, event.triggerId);
  }
  if (event.type === 'disarmed' || event.type === 'expired') return app.triggerLost.execute(view, event);
  return Promise.resolve();
}

/**
 * A `trg.firing` notice: the entry, the stop and the take-profit all act on it. Safe for all three
 * because the compare-and-set it accompanies can only lose to a change this service makes or sees
 * first in the trade's queue. Stop: only this service moves or disarms a stop; a notice counts only
 * at the trade's current stop level (one from before a breakeven move is ignored; the new level's
 * fire comes later), and a closed trade refuses stop-fired. Take-profit: only this service disarms
 * it, once the trade is closed; it is never modified.
 */
function onFiring(app: OrderServiceApp, notice: TriggerFiring): Promise<void> {
  if (notice.owner.purpose === 'entry') return app.fireEntry.onFiring(notice);
  const view = app.deps.store.get(notice.owner.tradeId);
  if (!view) return Promise.resolve();
  if (notice.owner.purpose === 'stop') {
    return view.stopLevel === notice.level ? app.stopFired.execute(view, notice.triggerId, notice.tick.price, `firing:${notice.triggerId}`) : Promise.resolve();
  }
  return app.takeProfitFired.execute(view, notice.triggerId);
}
