export { WatchlistServiceConfig } from './config';
export { WatchlistApp, type WatchlistAppDeps } from './watchlist-app';
