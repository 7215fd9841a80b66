import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { TriggerServiceConfig } from './config';
import { TriggerRuntimeProvider } from './trigger-runtime.provider';
import { TriggerServiceModule } from './trigger-service.module';

// Readiness before work: partitions (ticks, fires) are taken only once the commands answer.
void runService({
  service: 'trigger-service',
  configSchema: TriggerServiceConfig,
  module: TriggerServiceModule,
  onReady: (_kit, app) => app.get(TriggerRuntimeProvider).runtime.startWork(),
});
