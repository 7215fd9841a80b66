import { Module } from '@nestjs/common';

/** Root module of the risk-service. Domain modules are added by their issues. */
@Module({})
export class RiskServiceModule {}
