import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { OrderServiceConfig } from './config';
import { OrderServiceProvider } from './edges/order-service.provider';
import { OrderServiceModule } from './order-service.module';

// Work (trigger fires, broker events, executions) is taken on only once the command handlers
// answer: a restarted service never acts before it can be asked.
void runService({
  service: 'order-service',
  configSchema: OrderServiceConfig,
  module: OrderServiceModule,
  onReady: (_kit, app) => app.get(OrderServiceProvider).startWork(),
});
