import type { ApiRoute } from './http/api-route';
import { AlertRoutes } from './alerts/alert.routes';
import { AuditRoutes } from './audit/audit.routes';
import { DeskRoutes } from './desk/desk.routes';
import { EmergencyRoutes } from './emergency/emergency.routes';
import { EventRoutes } from './events/event.routes';
import { MarketRoutes } from './market/market.routes';
import { OpenApiRoutes } from './openapi/openapi.routes';
import { PositionRoutes } from './positions/position.routes';
import { RiskRoutes } from './risk/risk.routes';
import { SystemRoutes } from './system/system.routes';
import { TokenRoutes } from './tokens/token.routes';
import { TradeRoutes } from './trades/trade.routes';
import { WatcherRoutes } from './watchers/watcher.routes';
import { WatchlistRoutes } from './watchlist/watchlist.routes';

/** Every route the console serves: the OpenAPI document is built from this list. */
export const API_ROUTES: readonly ApiRoute[] = [
  TradeRoutes,
  WatcherRoutes,
  WatchlistRoutes,
  AuditRoutes,
  PositionRoutes,
  MarketRoutes,
  RiskRoutes,
  EmergencyRoutes,
  SystemRoutes,
  EventRoutes,
  AlertRoutes,
  TokenRoutes,
  OpenApiRoutes,
  DeskRoutes,
].flatMap((group) => Object.values(group) as ApiRoute[]);
