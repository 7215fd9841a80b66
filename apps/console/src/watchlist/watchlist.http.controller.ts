import { Controller } from '@nestjs/common';
import { Contracts } from '@arctrigger/contracts';
import { Caller } from '../auth/caller.decorator';
import type { Principal } from '../auth/principal';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { WatchlistRoutes as R } from './watchlist.routes';

/** The watch list: the caller's own, kept by the watchlist-service under the token's name. */
@Controller()
export class WatchlistHttpController {
  constructor(private readonly services: ServiceClient) {}

  @Route(R.get)
  get(@Caller() caller: Principal) {
    return this.services.call(Contracts.GetWatchlist, { owner: caller.name });
  }

  @Route(R.put)
  put(@Input() { body }: RouteInput<typeof R.put>, @Caller() caller: Principal) {
    return this.services.call(Contracts.PutWatchlistEntry, { owner: caller.name, entry: body });
  }

  @Route(R.remove)
  remove(@Input() { params }: RouteInput<typeof R.remove>, @Caller() caller: Principal) {
    return this.services.call(Contracts.RemoveWatchlistEntry, { owner: caller.name, symbol: params.symbol });
  }

  @Route(R.resolve)
  resolve(@Caller() caller: Principal) {
    return this.services.call(Contracts.ResolveWatchlist, { owner: caller.name });
  }
}
