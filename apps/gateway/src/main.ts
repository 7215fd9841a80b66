import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { GatewayConfig } from './config';
import { GatewayModule } from './gateway.module';
import { GatewayRuntime } from './gateway-runtime';

// TWS is connected once the request handlers answer: a fresh session's ticks and fills never
// reach anyone before the gateway can be asked about them.
void runService({ service: 'gateway', configSchema: GatewayConfig, module: GatewayModule, onReady: (_kit, app) => app.get(GatewayRuntime).startSession() });
