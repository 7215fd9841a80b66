import { Module } from '@nestjs/common';
import { TriggerRuntimeProvider } from './trigger-runtime.provider';

/** Root module of the trigger-service: the runtime provider registers every bus handler itself. */
@Module({ providers: [TriggerRuntimeProvider] })
export class TriggerServiceModule {}
