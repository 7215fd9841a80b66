import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  Contracts,
  type ArmTradeCommand,
  type CancelAllCommand,
  type FlattenAllCommand,
  type EnsureProtectionCommand,
  type ListTradesQuery,
  type ModifyTradeCommand,
  type PremarketDecisionCommand,
  type ResetTradeCommand,
  type TakeProfitCommand,
  type TradeIdCommand,
} from '@arctrigger/contracts';
import { Handles } from '@arctrigger/service-kit';
import { OrderServiceProvider } from './order-service.provider';

/**
 * The trade commands and queries on the bus. Each handler delegates to its use case in the trade's
 * queue (an arm without a client id has no trade yet; a reset runs in the new trade's queue, the
 * finished trade it reads cannot change any more; a get includes every change already under way).
 */
@Controller()
export class TradeCommandsController {
  constructor(private readonly service: OrderServiceProvider) {}

  private get app() {
    return this.service.app;
  }

  @Handles(Contracts.ArmTrade)
  arm(@Payload() cmd: ArmTradeCommand) {
    return cmd.tradeId ? this.app.inQueue(cmd.tradeId, () => this.app.armTrade.execute(cmd)) : this.app.armTrade.execute(cmd);
  }

  @Handles(Contracts.ResetTrade)
  reset(@Payload() cmd: ResetTradeCommand) {
    return cmd.newTradeId ? this.app.inQueue(cmd.newTradeId, () => this.app.resetTrade.execute(cmd)) : this.app.resetTrade.execute(cmd);
  }

  @Handles(Contracts.ModifyTrade)
  modify(@Payload() cmd: ModifyTradeCommand) {
    return this.app.inQueue(cmd.tradeId, () => this.app.modifyTrade.execute(cmd));
  }

  @Handles(Contracts.CancelTrade)
  cancel(@Payload() cmd: TradeIdCommand) {
    return this.app.inQueue(cmd.tradeId, () => this.app.cancelTrade.execute(cmd.tradeId));
  }

  @Handles(Contracts.Breakeven)
  breakeven(@Payload() cmd: TradeIdCommand) {
    return this.app.inQueue(cmd.tradeId, () => this.app.breakeven.execute(cmd.tradeId));
  }

  @Handles(Contracts.EnsureProtection)
  ensureProtection(@Payload() cmd: EnsureProtectionCommand) {
    return this.app.inQueue(cmd.tradeId, () => this.app.ensureProtection.execute(cmd));
  }

  @Handles(Contracts.TakeProfit)
  takeProfit(@Payload() cmd: TakeProfitCommand) {
    return this.app.inQueue(cmd.tradeId, () => this.app.takeProfit.execute(cmd));
  }

  @Handles(Contracts.Flatten)
  flatten(@Payload() cmd: TradeIdCommand) {
    return this.app.inQueue(cmd.tradeId, () => this.app.flatten.execute(cmd.tradeId));
  }

  /** Emergency: each trade's part runs in that trade's queue (the use case queues it). */
  @Handles(Contracts.CancelAll)
  cancelAll(@Payload() cmd: CancelAllCommand) {
    return this.app.cancelAll.execute(cmd);
  }

  @Handles(Contracts.FlattenAll)
  flattenAll(@Payload() cmd: FlattenAllCommand) {
    return this.app.flattenAll.execute(cmd);
  }

  @Handles(Contracts.PremarketDecision)
  premarketDecision(@Payload() cmd: PremarketDecisionCommand) {
    return this.app.inQueue(cmd.tradeId, () => this.app.premarketDecision.execute(cmd));
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
