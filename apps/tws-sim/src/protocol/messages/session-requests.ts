import type { SimContext } from '../../sim-context';
import type { ClientSession } from '../client-session';
import { IbError } from '../ib-errors';
import { Outgoing } from '../message-ids';
import type { RequestReader } from '../request-reader';

/** After START_API: managed accounts, next valid id, then the farm-OK notices TWS sends. */
export function startApi(ctx: SimContext, session: ClientSession): void {
  session.sendAll([
    [Outgoing.MANAGED_ACCTS, 1, ctx.scenario.account],
    [Outgoing.NEXT_VALID_ID, 1, ctx.engine.nextValidId(session.clientId)],
  ]);
  for (const notice of [IbError.farmOk('usfarm'), IbError.farmOk('usopt'), IbError.hmdsOk('ushmds'), IbError.secDefOk('secdefnj')]) {
    session.sendError(-1, notice);
  }
}

export function reqIds(ctx: SimContext, session: ClientSession): void {
  session.send([Outgoing.NEXT_VALID_ID, 1, ctx.engine.nextValidId(session.clientId)]);
}

export function reqManagedAccts(ctx: SimContext, session: ClientSession): void {
  session.send([Outgoing.MANAGED_ACCTS, 1, ctx.scenario.account]);
}

export function reqCurrentTime(ctx: SimContext, session: ClientSession): void {
  session.send([Outgoing.CURRENT_TIME, 1, Math.floor(ctx.clock.now() / 1000)]);
}

export function reqMarketDataType(_ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(2);
  const type = r.int();
  if (type < 1 || type > 4) {
    session.sendError(-1, IbError.validating(`market data type ${type}`));
    return;
  }
  session.marketDataType = type;
  session.send([Outgoing.MARKET_DATA_TYPE, 1, -1, type]);
}
