import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { GatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

void runService({ service: 'gateway', configSchema: GatewayConfig, module: GatewayModule });
