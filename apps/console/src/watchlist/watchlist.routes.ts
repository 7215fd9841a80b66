import { z } from 'zod';
import { Contracts, Symbol, Watchlist, WatchlistEntrySpec } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

const tag = 'watchlist';

export const WatchlistRoutes = {
  get: defineRoute({
    operationId: 'getWatchlist', method: 'GET', path: '/v1/watchlist', role: Role.VIEWER, tag,
    summary: "The caller's watch list (the token's name is the trader): each underlying with its expiries, strikes and last pre-resolution, and when it is resolved next.",
    response: Watchlist, calls: [Contracts.GetWatchlist],
  }),
  put: defineRoute({
    operationId: 'putWatchlistEntry', method: 'POST', path: '/v1/watchlist', role: Role.TRADER, tag, idempotent: true,
    summary:
      'Add an underlying to the watch list, or replace its entry: expiries (YYYYMMDD or `next`), strikes (`{mode:"list",strikes}` or `{mode:"atm",width}`: ATM ± width) and rights. ' +
      'It is resolved first — refused with the arm\'s codes (CONTRACT_NOT_FOUND, EXPIRY_NOT_FOUND, STRIKE_NOT_FOUND …), leaving the list as it was.',
    body: WatchlistEntrySpec, response: Watchlist, calls: [Contracts.PutWatchlistEntry],
  }),
  remove: defineRoute({
    operationId: 'removeWatchlistEntry', method: 'DELETE', path: '/v1/watchlist/{symbol}', role: Role.TRADER, tag,
    summary: 'Remove an underlying from the watch list.', params: z.object({ symbol: Symbol }), response: Watchlist, calls: [Contracts.RemoveWatchlistEntry],
  }),
  resolve: defineRoute({
    operationId: 'resolveWatchlist', method: 'POST', path: '/v1/watchlist/resolve', role: Role.TRADER, tag,
    summary: 'Resolve every entry of the watch list now (as is done before the open each trading day).', response: Watchlist, calls: [Contracts.ResolveWatchlist],
  }),
} as const;
