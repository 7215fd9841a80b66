import { Module } from '@nestjs/common';
import { WatchlistAppHost } from './edges/watchlist-app.host';
import { WatchlistCommandsController } from './edges/watchlist-commands.controller';

/** Root module of the watchlist-service: the app (lists, schedule, leases) and its command handlers. */
@Module({ providers: [WatchlistAppHost], controllers: [WatchlistCommandsController] })
export class WatchlistServiceModule {}
