import { Controller } from '@nestjs/common';
import { Contracts } from '@arctrigger/contracts';
import { actorOf } from '../auth/actor-of';
import { Caller } from '../auth/caller.decorator';
import type { Principal } from '../auth/principal';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { TradeRoutes as R } from './trade.routes';

/**
 * Trades: every call is one request to the order-service. Commands carry the caller (`by`): a trade
 * belongs to the token that armed it, and a trader's command about another's trade is refused 403.
 */
@Controller()
export class TradesHttpController {
  constructor(private readonly services: ServiceClient) {}

  @Route(R.arm)
  arm(@Input() { body }: RouteInput<typeof R.arm>, @Caller() caller: Principal) {
    return this.services.call(Contracts.ArmTrade, { ...body, by: actorOf(caller) });
  }

  @Route(R.list)
  list(@Input() { query }: RouteInput<typeof R.list>) {
    return this.services.call(Contracts.ListTrades, { states: query.state, symbol: query.symbol, limit: query.limit });
  }

  @Route(R.get)
  get(@Input() { params }: RouteInput<typeof R.get>) {
    return this.services.call(Contracts.GetTrade, params);
  }

  @Route(R.modify)
  modify(@Input() { params, body }: RouteInput<typeof R.modify>, @Caller() caller: Principal) {
    return this.services.call(Contracts.ModifyTrade, { ...body, ...params, by: actorOf(caller) });
  }

  @Route(R.cancel)
  cancel(@Input() { params }: RouteInput<typeof R.cancel>, @Caller() caller: Principal) {
    return this.services.call(Contracts.CancelTrade, { ...params, by: actorOf(caller) });
  }

  @Route(R.breakeven)
  breakeven(@Input() { params }: RouteInput<typeof R.breakeven>, @Caller() caller: Principal) {
    return this.services.call(Contracts.Breakeven, { ...params, by: actorOf(caller) });
  }

  @Route(R.takeProfit)
  takeProfit(@Input() { params, body }: RouteInput<typeof R.takeProfit>, @Caller() caller: Principal) {
    return this.services.call(Contracts.TakeProfit, { ...body, ...params, by: actorOf(caller) });
  }

  @Route(R.flatten)
  flatten(@Input() { params }: RouteInput<typeof R.flatten>, @Caller() caller: Principal) {
    return this.services.call(Contracts.Flatten, { ...params, by: actorOf(caller) });
  }

  @Route(R.reset)
  reset(@Input() { params, body }: RouteInput<typeof R.reset>, @Caller() caller: Principal) {
    return this.services.call(Contracts.ResetTrade, { ...body, ...params, by: actorOf(caller) });
  }

  @Route(R.premarketDecision)
  premarketDecision(@Input() { params, body }: RouteInput<typeof R.premarketDecision>, @Caller() caller: Principal) {
    return this.services.call(Contracts.PremarketDecision, { ...body, ...params, by: actorOf(caller) });
  }
}
