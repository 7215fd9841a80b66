import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  Contracts,
  mayActOn,
  TradeId as TradeIdSchema,
  type Actor,
  type AdoptPositionRequest,
  type ArmTradeRequest,
  type CancelAllCommand,
  type FlattenAllCommand,
  type EnsureProtectionCommand,
  type ListTradesQuery,
  type ModifyTradeRequest,
  type PremarketDecisionRequest,
  type ResetTradeRequest,
  type TakeProfitRequest,
  type TradeId,
  type TradeIdCommand,
  type TradeIdRequest,
} from '@arctrigger/contracts';
import { Handles } from '@arctrigger/service-kit';
import { actingAs, Actors } from '../adapters/acting';
import { notYourTrade } from '../domain/trade/trade-refusals';
import { OrderServiceProvider } from './order-service.provider';

/**
 * The trade commands and queries on the bus. Each handler delegates to its use case in the trade's
 * queue (an arm without a client id has no trade yet; a reset runs in the new trade's queue, the
 * finished trade it reads cannot change any more; a get includes every change already under way).
 * A command runs on behalf of its `by` (the events it causes record it) and is refused
 * NOT_YOUR_TRADE when a trader asks about another trader's trade; admins act on all.
 */
type Refusal = ReturnType<typeof notYourTrade>;

@Controller()
export class TradeCommandsController {
  constructor(private readonly service: OrderServiceProvider) {}

  private get app() {
    return this.service.app;
  }

  /** Runs `work` in the trade's queue on behalf of `by`, once `by` may act on the trade. */
  private asked<T>(tradeId: TradeId, by: Actor | undefined, work: () => Promise<T>): Promise<T | Refusal> {
    return actingAs(by ?? Actors.CONSOLE, () =>
      this.app.inQueue(tradeId, async () => {
        const refused = this.refusal(tradeId, by);
        return refused ?? work();
      }),
    );
  }

  private refusal(tradeId: TradeId, by: Actor | undefined): Refusal | undefined {
    const view = this.app.deps.store.get(tradeId);
    return view && !mayActOn(view.owner, by) ? notYourTrade(view, by!) : undefined;
  }

  @Handles(Contracts.ArmTrade)
  arm(@Payload() { by, ...cmd }: ArmTradeRequest) {
    return actingAs(by ?? Actors.CONSOLE, () => (cmd.tradeId ? this.app.inQueue(cmd.tradeId, () => this.app.armTrade.execute(cmd)) : this.app.armTrade.execute(cmd)));
  }

  @Handles(Contracts.ResetTrade)
  reset(@Payload() { by, ...cmd }: ResetTradeRequest) {
    const refused = this.refusal(cmd.tradeId, by);
    if (refused) return refused;
    return actingAs(by ?? Actors.CONSOLE, () => (cmd.newTradeId ? this.app.inQueue(cmd.newTradeId, () => this.app.resetTrade.execute(cmd)) : this.app.resetTrade.execute(cmd)));
  }

  @Handles(Contracts.ModifyTrade)
  modify(@Payload() { by, ...cmd }: ModifyTradeRequest) {
    return this.asked(cmd.tradeId, by, () => this.app.modifyTrade.execute(cmd));
  }

  @Handles(Contracts.CancelTrade)
  cancel(@Payload() { by, tradeId }: TradeIdRequest) {
    return this.asked(tradeId, by, () => this.app.cancelTrade.execute(tradeId));
  }

  @Handles(Contracts.Breakeven)
  breakeven(@Payload() { by, tradeId }: TradeIdRequest) {
    return this.asked(tradeId, by, () => this.app.breakeven.execute(tradeId));
  }

  @Handles(Contracts.EnsureProtection)
  ensureProtection(@Payload() cmd: EnsureProtectionCommand) {
    return actingAs(Actors.AUDITOR, () => this.app.inQueue(cmd.tradeId, () => this.app.ensureProtection.execute(cmd)));
  }

  /** Adopting an external position (admin): one adoption of a contract at a time, on behalf of `by` (its owner). */
  @Handles(Contracts.AdoptPosition)
  adopt(@Payload() cmd: AdoptPositionRequest) {
    return actingAs(cmd.by, () => this.app.inQueue(TradeIdSchema.parse(`adopting-${cmd.conId}`), () => this.app.adoptPosition.execute(cmd)));
  }

  @Handles(Contracts.TakeProfit)
  takeProfit(@Payload() { by, ...cmd }: TakeProfitRequest) {
    return this.asked(cmd.tradeId, by, () => this.app.takeProfit.execute(cmd));
  }

  @Handles(Contracts.Flatten)
  flatten(@Payload() { by, tradeId }: TradeIdRequest) {
    return this.asked(tradeId, by, () => this.app.flatten.execute(tradeId));
  }

  /** Emergency (admin): each trade's part runs in that trade's queue (the use case queues it), on behalf of `by`. */
  @Handles(Contracts.CancelAll)
  cancelAll(@Payload() cmd: CancelAllCommand) {
    return actingAs(cmd.by, () => this.app.cancelAll.execute(cmd));
  }

  @Handles(Contracts.FlattenAll)
  flattenAll(@Payload() cmd: FlattenAllCommand) {
    return actingAs(cmd.by, () => this.app.flattenAll.execute(cmd));
  }

  @Handles(Contracts.PremarketDecision)
  premarketDecision(@Payload() { by, ...cmd }: PremarketDecisionRequest) {
    return this.asked(cmd.tradeId, by, () => this.app.premarketDecision.execute(cmd));
  }

  @Handles(Contracts.GetTrade)
  get(@Payload() cmd: TradeIdCommand) {
    return this.app.inQueue(cmd.tradeId, () => this.app.getTrade.execute(cmd.tradeId));
  }

  @Handles(Contracts.ListTrades)
  list(@Payload() query: ListTradesQuery) {
    return this.app.listTrades.execute(query);
  }
}
