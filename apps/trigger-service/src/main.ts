import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { TriggerServiceConfig } from './config';
import { TriggerServiceModule } from './trigger-service.module';

void runService({ service: 'trigger-service', configSchema: TriggerServiceConfig, module: TriggerServiceModule });
