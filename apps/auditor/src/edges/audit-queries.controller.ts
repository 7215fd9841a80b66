import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Contracts, ok, type ListViolationsQuery } from '@arctrigger/contracts';
import { Handles } from '@arctrigger/service-kit';
import { externalPositionsOf } from '../external-positions';
import { AuditorAppHost } from './auditor-app.host';

/** The auditor's queries on the bus: the open (and resolved) violations, the external positions. */
@Controller()
export class AuditQueriesController {
  constructor(private readonly host: AuditorAppHost) {}

  @Handles(Contracts.ListViolations)
  violations(@Payload() q: ListViolationsQuery) {
    const runner = this.host.app.runner;
    return ok({ violations: runner.violations(q.includeResolved), lastPassAt: runner.lastPassAt });
  }

  @Handles(Contracts.ListExternalPositions)
  externalPositions() {
    return ok({ positions: externalPositionsOf(this.host.app.runner.violations(false)) });
  }
}
