import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { RiskServiceConfig } from './config';
import { RiskServiceModule } from './risk-service.module';

void runService({ service: 'risk-service', configSchema: RiskServiceConfig, module: RiskServiceModule });
