import { Controller } from '@nestjs/common';
import { Contracts } from '@arctrigger/contracts';
import { Caller } from '../auth/caller.decorator';
import { actorOf } from '../auth/actor-of';
import type { Principal } from '../auth/principal';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { EmergencyRoutes as R } from './emergency.routes';

/** Emergency commands (admin): each is one bus request on behalf of the caller (`by`), which the trade events it causes record. */
@Controller()
export class EmergencyHttpController {
  constructor(private readonly services: ServiceClient) {}

  @Route(R.cancelAll)
  cancelAll(@Input() { body }: RouteInput<typeof R.cancelAll>, @Caller() caller: Principal) {
    return this.services.call(Contracts.CancelAll, { reason: body.reason ?? `cancel-all by ${caller.name}`, by: actorOf(caller), broker: body.broker });
  }

  @Route(R.flattenAll)
  flattenAll(@Input() { body }: RouteInput<typeof R.flattenAll>, @Caller() caller: Principal) {
    return this.services.call(Contracts.FlattenAll, { reason: body.reason ?? `flatten-all by ${caller.name}`, by: actorOf(caller) });
  }

  @Route(R.panic)
  panic(@Input() { body }: RouteInput<typeof R.panic>, @Caller() caller: Principal) {
    return this.services.call(Contracts.Panic, { reason: body.reason ?? `panic by ${caller.name}`, by: actorOf(caller), broker: body.broker });
  }
}
