import { Module } from '@nestjs/common';

/** Root module of the order-service. Domain modules are added by their issues. */
@Module({})
export class OrderServiceModule {}
