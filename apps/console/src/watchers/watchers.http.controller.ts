import { Controller } from '@nestjs/common';
import { Contracts } from '@arctrigger/contracts';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { WatcherRoutes as R } from './watcher.routes';

/** Watchers: the trigger-service's triggers (entries, stops, take-profits). */
@Controller()
export class WatchersHttpController {
  constructor(private readonly services: ServiceClient) {}

  @Route(R.list)
  list(@Input() { query }: RouteInput<typeof R.list>) {
    return this.services.call(Contracts.ListTriggers, query);
  }
}
