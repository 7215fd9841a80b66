import { Module } from '@nestjs/common';
import { RiskAppHost } from './edges/risk-app.host';
import { RiskCommandsController } from './edges/risk-commands.controller';

/** Root module of the risk-service: the app (checks on direct subscriptions) and its command handlers. */
@Module({ providers: [RiskAppHost], controllers: [RiskCommandsController] })
export class RiskServiceModule {}
