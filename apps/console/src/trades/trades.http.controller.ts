import { Controller } from '@nestjs/common';
import { Contracts } from '@arctrigger/contracts';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { TradeRoutes as R } from './trade.routes';

/** Trades: every call is one request to the order-service. */
@Controller()
export class TradesHttpController {
  constructor(private readonly services: ServiceClient) {}

  @Route(R.arm)
  arm(@Input() { body }: RouteInput<typeof R.arm>) {
    return this.services.call(Contracts.ArmTrade, body);
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
  modify(@Input() { params, body }: RouteInput<typeof R.modify>) {
    return this.services.call(Contracts.ModifyTrade, { ...body, ...params });
  }

  @Route(R.cancel)
  cancel(@Input() { params }: RouteInput<typeof R.cancel>) {
    return this.services.call(Contracts.CancelTrade, params);
  }

  @Route(R.breakeven)
  breakeven(@Input() { params }: RouteInput<typeof R.breakeven>) {
    return this.services.call(Contracts.Breakeven, params);
  }

  @Route(R.takeProfit)
  takeProfit(@Input() { params, body }: RouteInput<typeof R.takeProfit>) {
    return this.services.call(Contracts.TakeProfit, { ...body, ...params });
  }

  @Route(R.flatten)
  flatten(@Input() { params }: RouteInput<typeof R.flatten>) {
    return this.services.call(Contracts.Flatten, params);
  }

  @Route(R.reset)
  reset(@Input() { params, body }: RouteInput<typeof R.reset>) {
    return this.services.call(Contracts.ResetTrade, { ...body, ...params });
  }

  @Route(R.premarketDecision)
  premarketDecision(@Input() { params, body }: RouteInput<typeof R.premarketDecision>) {
    return this.services.call(Contracts.PremarketDecision, { ...body, ...params });
  }
}
