import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { ConsoleConfig } from './config';
import { ConsoleModule } from './console.module';

void runService({
  service: 'console',
  configSchema: ConsoleConfig,
  module: ConsoleModule,
  httpPort: (config) => config.HTTP_PORT,
});
