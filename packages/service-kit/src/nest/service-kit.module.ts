import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceKit } from '../service-kit';
import { Bus } from '../bus/bus';
import { HealthReporter } from '../health/health-reporter';
import { CLOCK, LOGGER, MARKET_CALENDAR, METER, SERVICE_CONFIG } from './tokens';

/** Provides the running service's Bus, Clock, config, logger and health reporter to Nest. */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(kit: ServiceKit): DynamicModule {
    return {
      module: ServiceKitModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: kit.logger, autoLogging: false } })],
      providers: [
        { provide: Bus, useValue: kit.bus },
        { provide: HealthReporter, useValue: kit.health },
        { provide: CLOCK, useValue: kit.clock },
        { provide: SERVICE_CONFIG, useValue: kit.config },
        { provide: LOGGER, useValue: kit.logger },
        { provide: MARKET_CALENDAR, useValue: kit.calendar },
        { provide: METER, useValue: kit.metrics.meter },
      ],
      exports: [Bus, HealthReporter, CLOCK, SERVICE_CONFIG, LOGGER, MARKET_CALENDAR, METER, LoggerModule],
    };
  }
}
