import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { OrderServiceConfig } from './config';
import { OrderServiceModule } from './order-service.module';

void runService({ service: 'order-service', configSchema: OrderServiceConfig, module: OrderServiceModule });
