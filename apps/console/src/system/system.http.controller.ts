import { Controller, Get } from '@nestjs/common';
import { Bus, listLiveServices } from '@arctrigger/service-kit';
import type { ServiceHealth } from '@arctrigger/contracts';

/** System resources: health of every live service instance. */
@Controller('v1/system')
export class SystemHttpController {
  constructor(private readonly bus: Bus) {}

  @Get('health')
  async health(): Promise<{ services: ServiceHealth[] }> {
    return { services: await listLiveServices(this.bus, 300) };
  }
}
