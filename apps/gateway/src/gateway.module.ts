import { Module } from '@nestjs/common';

/** Root module of the gateway. Domain modules are added by their issues. */
@Module({})
export class GatewayModule {}
