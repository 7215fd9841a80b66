import { Controller } from '@nestjs/common';
import { Contracts, TradingState } from '@arctrigger/contracts';
import { Caller } from '../auth/caller.decorator';
import type { Principal } from '../auth/principal';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { RiskRoutes as R } from './risk.routes';
import { TradingStateReader } from './trading-state-reader';

/** Risk: limits and the kill switch are the risk-service's; changes carry the token's name as actor. */
@Controller()
export class RiskHttpController {
  constructor(
    private readonly services: ServiceClient,
    private readonly tradingState: TradingStateReader,
  ) {}

  @Route(R.overview)
  async overview() {
    const [tradingState, limits] = await Promise.all([this.tradingState.current(), this.services.call(Contracts.GetRiskLimits, {})]);
    return { tradingState, limits };
  }

  @Route(R.limits)
  limits() {
    return this.services.call(Contracts.GetRiskLimits, {});
  }

  @Route(R.changeLimits)
  changeLimits(@Input() { body }: RouteInput<typeof R.changeLimits>, @Caller() caller: Principal) {
    return this.services.call(Contracts.ChangeRiskLimits, { changes: body, actor: caller.name });
  }

  @Route(R.kill)
  kill(@Input() { body }: RouteInput<typeof R.kill>, @Caller() caller: Principal) {
    return this.services.call(Contracts.SetTradingState, { state: TradingState.HALTED, reason: body.reason, actor: caller.name });
  }

  @Route(R.setTradingState)
  setTradingState(@Input() { body }: RouteInput<typeof R.setTradingState>, @Caller() caller: Principal) {
    return this.services.call(Contracts.SetTradingState, { ...body, actor: caller.name });
  }
}
