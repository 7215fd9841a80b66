import type { SimContext } from '../../sim-context';
import type { ClientSession } from '../client-session';
import { IbError } from '../ib-errors';
import type { RequestReader } from '../request-reader';
import { readContract } from './read-contract';

/** reqMktData: [1, version, tickerId, contract…, (BAG legs), deltaNeutral, genericTicks, snapshot, regulatory, options]. */
export function reqMktData(ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(2);
  const tickerId = r.int();
  const query = readContract(r);
  if (query.secType.toUpperCase() === 'BAG') {
    session.sendError(tickerId, IbError.noSecurityDefinition());
    return;
  }
  if (r.bool()) r.skip(3); // delta-neutral contract
  r.str(); // generic tick list
  const snapshot = r.bool();
  if (session.subscriptions.has(tickerId)) {
    session.sendError(tickerId, IbError.duplicateTicker(tickerId));
    return;
  }
  const matches = ctx.registry.find(query);
  if (matches.length !== 1) {
    session.sendError(tickerId, matches.length === 0 ? IbError.noSecurityDefinition() : IbError.ambiguousContract());
    return;
  }
  ctx.hub.subscribe(session, tickerId, matches[0]!, snapshot);
}

export function cancelMktData(ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(2);
  const tickerId = r.int();
  if (!ctx.hub.unsubscribe(session, tickerId)) session.sendError(tickerId, IbError.notSubscribed(tickerId));
}
