import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { WatchlistServiceConfig } from './config';
import { WatchlistServiceModule } from './watchlist-service.module';

void runService({ service: 'watchlist-service', configSchema: WatchlistServiceConfig, module: WatchlistServiceModule });
