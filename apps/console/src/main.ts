import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { ConsoleConfig, DEV_ADMIN_TOKEN } from './config';
import { ConsoleModule } from './console.module';

void runService({
  service: 'console',
  configSchema: ConsoleConfig,
  module: ConsoleModule,
  httpPort: (config) => config.HTTP_PORT,
  onReady: (kit) => {
    if (kit.config.ARCTRIGGER_ADMIN_TOKEN === undefined) {
      kit.logger.warn({ token: DEV_ADMIN_TOKEN }, `development admin token: ${DEV_ADMIN_TOKEN} (set ARCTRIGGER_ADMIN_TOKEN to replace it)`);
    }
  },
});
