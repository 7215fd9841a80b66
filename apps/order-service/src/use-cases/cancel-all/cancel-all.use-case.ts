import { actorName, EmergencyStepName, ok, type CancelAllCommand, type Contracts, type EmergencyOrderLine, type EmergencyStep, type ReplyOf, type TradeId } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import { cancelPlanOf, hasWorkingOrders } from '../../domain/emergency/cancel-plan';
import { cancelLine, keptLine, summaryOf } from '../../domain/emergency/emergency-lines';
import type { ProtectiveStop } from '../../flows/protective-stop';
import type { BrokerPort } from '../../ports/broker.port';
import type { TradeScheduler } from '../../ports/trade-scheduler.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

export interface CancelAllDeps {
  trades: TradeStorePort;
  broker: BrokerPort;
  guard: ProtectiveStop;
  scheduler: TradeScheduler;
  clock: Clock;
}

const WITHDRAWN = 'protective stop withdrawn: not placed again; the stop trigger stays armed';

/**
 * `trade.cmd.cancel-all` (emergency): every working order of every trade is cancelled at the
 * broker, each trade in its own queue (all trades at once): the entry or its remainder, the exits
 * not part of a full close, and the broker protective stop, withdrawn for good. The trades end in
 * their states through the broker's events as for any cancel (an entry without fills CANCELLED, a
 * partly filled one holding and protected). With `broker`, IB's global cancel follows. Nothing is
 * refused as a whole: each order is a line of the report. Repeating it finds nothing left to cancel.
 */
export class CancelAll {
  constructor(private readonly d: CancelAllDeps) {}

  async execute(cmd: CancelAllCommand): Promise<ReplyOf<typeof Contracts.CancelAll>> {
    const startedAt = this.d.clock.now();
    const ids = this.d.trades.all().filter(hasWorkingOrders).map((v) => v.tradeId);
    const lines = (await Promise.all(ids.map((id) => this.d.scheduler.run(id, () => this.cancelTrade(id))))).flat();
    const steps: EmergencyStep[] = [{ step: EmergencyStepName.CANCEL_ALL, ok: true, summary: summaryOf(`orders of ${ids.length} trades`, lines), error: null, orders: lines }];
    if (cmd.broker) steps.push(await this.globalCancel(cmd.reason));
    return ok({ command: 'cancel-all', actor: actorName(cmd.by), reason: cmd.reason, startedAt, finishedAt: this.d.clock.now(), steps });
  }

  private async cancelTrade(id: TradeId): Promise<EmergencyOrderLine[]> {
    const view = this.d.trades.get(id);
    if (!view) return [];
    const plan = cancelPlanOf(view);
    const cancels = plan.cancel.map(async (order) => cancelLine(view, order, await this.d.broker.cancel(order.orderRef)));
    const guard = plan.guard
      ? this.d.guard.withdraw(id).then((r) => (r ? [cancelLine(view, r.guard, r.reply, WITHDRAWN)] : []))
      : Promise.resolve([]);
    const [cancelled, withdrawn] = await Promise.all([Promise.all(cancels), guard]);
    return [...cancelled, ...withdrawn, ...plan.kept.map((order) => keptLine(view, order))];
  }

  private async globalCancel(reason: string): Promise<EmergencyStep> {
    const reply = await this.d.broker.globalCancel(reason);
    if (!reply.ok) return { step: EmergencyStepName.GLOBAL_CANCEL, ok: false, summary: 'IB global cancel not sent', error: { code: reply.code, message: reply.message }, orders: [] };
    return { step: EmergencyStepName.GLOBAL_CANCEL, ok: true, summary: `reqGlobalCancel sent; ${summaryOf('working orders of ours', reply.value.orders)}`, error: null, orders: reply.value.orders };
  }
}
