import { Module } from '@nestjs/common';
import { OrderServiceProvider } from './edges/order-service.provider';
import { TradeCommandsController } from './edges/trade-commands.controller';

/** Root module of the order-service: the trade lifecycle behind the bus. */
@Module({ providers: [OrderServiceProvider], controllers: [TradeCommandsController] })
export class OrderServiceModule {}
