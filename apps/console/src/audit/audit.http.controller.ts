import { Controller } from '@nestjs/common';
import { Contracts } from '@arctrigger/contracts';
import { Caller } from '../auth/caller.decorator';
import { actorOf } from '../auth/actor-of';
import type { Principal } from '../auth/principal';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { AuditRoutes as R } from './audit.routes';

/** External positions and violations come from the auditor; adopting one is the order-service's, on behalf of the caller (its owner). */
@Controller()
export class AuditHttpController {
  constructor(private readonly services: ServiceClient) {}

  @Route(R.externalPositions)
  externalPositions() {
    return this.services.call(Contracts.ListExternalPositions, {});
  }

  @Route(R.adoptExternalPosition)
  adopt(@Input() { params, body }: RouteInput<typeof R.adoptExternalPosition>, @Caller() caller: Principal) {
    return this.services.call(Contracts.AdoptPosition, { conId: params.conId, ...body, by: actorOf(caller) });
  }

  @Route(R.violations)
  violations(@Input() { query }: RouteInput<typeof R.violations>) {
    return this.services.call(Contracts.ListViolations, query);
  }
}
