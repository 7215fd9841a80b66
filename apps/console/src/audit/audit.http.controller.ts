import { Controller } from '@nestjs/common';
import { Contracts } from '@arctrigger/contracts';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { AuditRoutes as R } from './audit.routes';

/** External positions and violations come from the auditor. */
@Controller()
export class AuditHttpController {
  constructor(private readonly services: ServiceClient) {}

  @Route(R.externalPositions)
  externalPositions() {
    return this.services.call(Contracts.ListExternalPositions, {});
  }

  @Route(R.violations)
  violations(@Input() { query }: RouteInput<typeof R.violations>) {
    return this.services.call(Contracts.ListViolations, query);
  }
}
