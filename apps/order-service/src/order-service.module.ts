import { Module } from '@nestjs/common';
import { TradeService } from './app/trade-service';

/** Root module of the order-service: the trade lifecycle behind the bus. */
@Module({ providers: [TradeService] })
export class OrderServiceModule {}
