import {
  actorName,
  Contracts,
  EmergencyAction,
  EmergencyOutcome,
  EmergencyStepName,
  ok,
  parseOrderRef,
  TradingState,
  type EmergencyStep,
  type PanicCommand,
  type ReplyOf,
  type TradingStateChanged,
} from '@arctrigger/contracts';
import type { Bus, Clock } from '@arctrigger/service-kit';
import { commandEventFor } from '../trading-state/trading-state-machine';
import type { TradingStateService } from '../trading-state/trading-state-service';
import type { TradingStateStore } from '../trading-state/trading-state-store';

/**
 * `risk.cmd.panic`: HALT (the kill switch: opening orders refused and cancelled, entry triggers
 * off, stops armed), then the order-service's cancel-all (with `broker`: IB's global cancel too),
 * then its flatten-all — in that order, each run whatever the one before answered (a position is
 * flattened even if the halt or a cancel failed). The risk-service runs it because the halt is
 * its own and must come first. Safe to repeat: an existing HALT is kept, nothing is cancelled or
 * sold twice.
 */
export class Panic {
  constructor(
    private readonly bus: Bus,
    private readonly transitions: TradingStateService,
    private readonly state: TradingStateStore,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: PanicCommand): Promise<ReplyOf<typeof Contracts.Panic>> {
    const startedAt = this.clock.now();
    const reason = `panic: ${cmd.reason}`;
    const steps: EmergencyStep[] = [await this.halt(reason, actorName(cmd.by))];
    const cancelled = await this.bus.request(Contracts.CancelAll, { reason, by: cmd.by, broker: cmd.broker });
    steps.push(...(cancelled.ok ? cancelled.value.steps : [failedStep(EmergencyStepName.CANCEL_ALL, cancelled)]));
    const flattened = await this.bus.request(Contracts.FlattenAll, { reason, by: cmd.by });
    steps.push(...(flattened.ok ? flattened.value.steps : [failedStep(EmergencyStepName.FLATTEN_ALL, flattened)]));
    return ok({ command: 'panic', actor: actorName(cmd.by), reason: cmd.reason, startedAt, finishedAt: this.clock.now(), steps });
  }

  private async halt(reason: string, actor: string): Promise<EmergencyStep> {
    const kept: EmergencyStep = { step: EmergencyStepName.HALT, ok: true, summary: 'trading already HALTED: kept', error: null, orders: [] };
    if (this.state.current().state === TradingState.HALTED) return kept;
    const changed = await this.transitions.apply(commandEventFor(TradingState.HALTED), reason, actor);
    // Someone else halted in between: the halt is there all the same.
    if (!changed.ok) return this.state.current().state === TradingState.HALTED ? kept : failedStep(EmergencyStepName.HALT, changed);
    return { step: EmergencyStepName.HALT, ok: true, summary: haltSummary(changed.value), error: null, orders: await this.haltLines(changed.value) };
  }

  /**
   * The kill switch's cancels as report lines. It names orders by orderRef only: each one's trade
   * (asked of the order-service) gives the contract, side and quantity; without an answer they stay blank.
   */
  private haltLines(c: TradingStateChanged): Promise<EmergencyStep['orders']> {
    return Promise.all(
      c.cancelledOrders.map(async (orderRef) => {
        const ref = parseOrderRef(orderRef);
        const got = ref ? await this.bus.request(Contracts.GetTrade, { tradeId: ref.tradeId }) : undefined;
        const trade = got?.ok ? got.value.trade : undefined;
        const order = trade ? [trade.entryOrder, ...trade.exits].find((o) => o?.orderRef === orderRef) : undefined;
        return {
          tradeId: ref?.tradeId ?? null, orderRef, conId: trade?.optionConId ?? null, side: order?.side ?? null, quantity: order?.quantity ?? 0,
          action: EmergencyAction.CANCEL, outcome: EmergencyOutcome.CANCELLED, error: null, note: 'opening order cancelled by the kill switch',
        };
      }),
    );
  }
}

function haltSummary(c: TradingStateChanged): string {
  const failures = c.failures.map((f) => `${f.step} ${f.code}`).join(', ');
  return `trading ${c.previous} → HALTED; ${c.cancelledOrders.length} opening orders cancelled, ${c.disarmedTriggers.length} entry triggers disarmed${failures ? `; failed: ${failures}` : ''}`;
}

function failedStep(step: EmergencyStep['step'], reply: { code: string; message: string }): EmergencyStep {
  return { step, ok: false, summary: `${step} did not run`, error: { code: reply.code, message: reply.message }, orders: [] };
}
