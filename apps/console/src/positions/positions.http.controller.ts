import { Controller } from '@nestjs/common';
import { Contracts } from '@arctrigger/contracts';
import { actorOf } from '../auth/actor-of';
import { Caller } from '../auth/caller.decorator';
import type { Principal } from '../auth/principal';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { PositionRoutes as R } from './position.routes';

/** Positions and P&L come from the risk-service; closing one is the order-service's flatten. */
@Controller()
export class PositionsHttpController {
  constructor(private readonly services: ServiceClient) {}

  @Route(R.list)
  list(@Input() { query }: RouteInput<typeof R.list>) {
    return this.services.call(Contracts.GetPositions, query);
  }

  @Route(R.close)
  close(@Input() { params }: RouteInput<typeof R.close>, @Caller() caller: Principal) {
    return this.services.call(Contracts.Flatten, { ...params, by: actorOf(caller) });
  }
}
