import { Module } from '@nestjs/common';
import { TriggerCommandsController } from './commands/trigger-commands.controller';
import { TriggerRuntimeProvider } from './trigger-runtime.provider';

/** Root module of the trigger-service: the runtime (hot path on direct subscriptions) and its command handlers. */
@Module({ providers: [TriggerRuntimeProvider], controllers: [TriggerCommandsController] })
export class TriggerServiceModule {}
