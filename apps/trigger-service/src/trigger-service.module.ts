import { Module } from '@nestjs/common';

/** Root module of the trigger-service. Domain modules are added by their issues. */
@Module({})
export class TriggerServiceModule {}
