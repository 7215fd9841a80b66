import { actorName, EmergencyAction, EmergencyStepName, ok, type Contracts, type EmergencyOrderLine, type FlattenAllCommand, type ReplyOf, type TradeId } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import { alreadyClosingLine, closeCancelLine, failedLine, pendingSellLine, sellLine, summaryOf } from '../../domain/emergency/emergency-lines';
import { holdsPosition } from '../../domain/lifecycle/trade-state-sets';
import type { Exits } from '../../flows/exits';
import type { TradeScheduler } from '../../ports/trade-scheduler.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

export interface FlattenAllDeps {
  trades: TradeStorePort;
  exits: Exits;
  scheduler: TradeScheduler;
  clock: Clock;
}

/**
 * `trade.cmd.flatten-all` (emergency): every trade holding contracts is closed at market by the
 * same close as `trade.cmd.flatten`, each in its own queue (all trades at once). The sell budget
 * decides every quantity: what no other order holds is sold at once, the contracts another order
 * holds (the protective stop, an exit) once its cancel is confirmed — so each position is sold
 * exactly once, for its live quantity. A trade already closing is reported and left to its close.
 */
export class FlattenAll {
  constructor(private readonly d: FlattenAllDeps) {}

  async execute(cmd: FlattenAllCommand): Promise<ReplyOf<typeof Contracts.FlattenAll>> {
    const startedAt = this.d.clock.now();
    const ids = this.d.trades.all().filter((v) => holdsPosition(v.state) && v.openQuantity > 0).map((v) => v.tradeId);
    const lines = (await Promise.all(ids.map((id) => this.d.scheduler.run(id, () => this.flattenTrade(id))))).flat();
    return ok({
      command: 'flatten-all', actor: actorName(cmd.by), reason: cmd.reason, startedAt, finishedAt: this.d.clock.now(),
      steps: [{ step: EmergencyStepName.FLATTEN_ALL, ok: true, summary: summaryOf(`lines for ${ids.length} positions`, lines), error: null, orders: lines }],
    });
  }

  private async flattenTrade(id: TradeId): Promise<EmergencyOrderLine[]> {
    const before = this.d.trades.get(id);
    if (!before || !holdsPosition(before.state) || before.openQuantity <= 0) return [];
    if (before.closing) return [alreadyClosingLine(before)];
    const reply = await this.d.exits.closePosition(id, 'flat');
    if (!reply.ok) return [failedLine(before, EmergencyAction.SELL, reply.code, reply.message)];
    const after = this.d.trades.get(id) ?? reply.value;
    const known = new Set(before.exits.map((x) => x.orderRef));
    const sells = after.exits.filter((x) => x.leg === 'flat' && !known.has(x.orderRef));
    const cancelled = [before.entryOrder, ...before.exits]
      .filter((o): o is NonNullable<typeof o> => o !== null && o.status !== 'ended')
      .map((o) => [after.entryOrder, ...after.exits].find((x) => x?.orderRef === o.orderRef) ?? o);
    const lines = [...cancelled.map((order) => closeCancelLine(after, order)), ...sells.map((order) => sellLine(after, order))];
    const rest = before.openQuantity - sells.reduce((n, x) => n + x.quantity, 0);
    if (rest > 0) lines.push(pendingSellLine(after, rest));
    return lines;
  }
}
