import { Module } from '@nestjs/common';
import { SystemHttpController } from './system/system.http.controller';

/** Root module of the console (HTTP edge). Resources are added by the console issue. */
@Module({ controllers: [SystemHttpController] })
export class ConsoleModule {}
