import { Module } from '@nestjs/common';
import { GatewayRequestsController } from './app/gateway-requests.controller';
import { GatewayRuntime } from './gateway-runtime';

/** Root module of the gateway. */
@Module({ providers: [GatewayRuntime], controllers: [GatewayRequestsController] })
export class GatewayModule {}
