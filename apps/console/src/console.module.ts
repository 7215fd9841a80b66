import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JsonBodyGuard } from './http/json-body.guard';
import { NoBodyGuard } from './http/no-body.guard';
import { AuthGuard } from './auth/auth.guard';
import { TokenStore } from './auth/token-store';
import { ServiceClient } from './bus/service-client';
import { DeskHttpController } from './desk/desk.http.controller';
import { EmergencyHttpController } from './emergency/emergency.http.controller';
import { EventFeed } from './events/event-feed';
import { EventsHttpController } from './events/events.http.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { CorsMiddleware } from './http/cors.middleware';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { MarketHttpController } from './market/market.http.controller';
import { OpenApiHttpController } from './openapi/openapi.http.controller';
import { AuditHttpController } from './audit/audit.http.controller';
import { PositionsHttpController } from './positions/positions.http.controller';
import { RiskHttpController } from './risk/risk.http.controller';
import { TradingStateReader } from './risk/trading-state-reader';
import { ServiceHealthMonitor } from './system/service-health-monitor';
import { AlertDelivery } from './alerts/alert-delivery';
import { AlertWatch } from './alerts/alert-watch';
import { AlertsHttpController } from './alerts/alerts.http.controller';
import { ConnectionMonitor } from './system/connection-monitor';
import { SystemHttpController } from './system/system.http.controller';
import { TokensHttpController } from './tokens/tokens.http.controller';
import { TradesHttpController } from './trades/trades.http.controller';
import { WatchersHttpController } from './watchers/watchers.http.controller';
import { WatchlistHttpController } from './watchlist/watchlist.http.controller';

/**
 * The console: the HTTP edge for people and scripts. It holds no state of its own — every
 * resource is a request over the bus, tokens and idempotent answers live in NATS KV, and the
 * event stream reads JetStream.
 */
@Module({
  controllers: [
    TradesHttpController,
    WatchersHttpController,
    WatchlistHttpController,
    AuditHttpController,
    PositionsHttpController,
    MarketHttpController,
    RiskHttpController,
    EmergencyHttpController,
    SystemHttpController,
    EventsHttpController,
    TokensHttpController,
    OpenApiHttpController,
    DeskHttpController,
    AlertsHttpController,
  ],
  providers: [
    ServiceClient,
    TokenStore,
    IdempotencyStore,
    TradingStateReader,
    ConnectionMonitor,
    ServiceHealthMonitor,
    AlertDelivery,
    AlertWatch,
    EventFeed,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: NoBodyGuard },
    { provide: APP_GUARD, useClass: JsonBodyGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorsMiddleware).forRoutes('*');
  }
}
