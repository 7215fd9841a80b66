import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Contracts, type PutWatchlistEntryCommand, type RemoveWatchlistEntryCommand, type WatchlistOwnerQuery } from '@arctrigger/contracts';
import { Handles } from '@arctrigger/service-kit';
import { WatchlistAppHost } from './watchlist-app.host';

/** The watch-list commands and query on the bus, each delegated to the service's WatchlistCommands. */
@Controller()
export class WatchlistCommandsController {
  constructor(private readonly host: WatchlistAppHost) {}

  @Handles(Contracts.GetWatchlist)
  get(@Payload() q: WatchlistOwnerQuery) {
    return this.host.app.commands.get(q.owner);
  }

  @Handles(Contracts.PutWatchlistEntry)
  put(@Payload() c: PutWatchlistEntryCommand) {
    return this.host.app.commands.put(c);
  }

  @Handles(Contracts.RemoveWatchlistEntry)
  remove(@Payload() c: RemoveWatchlistEntryCommand) {
    return this.host.app.commands.remove(c);
  }

  @Handles(Contracts.ResolveWatchlist)
  resolve(@Payload() q: WatchlistOwnerQuery) {
    return this.host.app.commands.resolve(q.owner);
  }
}
