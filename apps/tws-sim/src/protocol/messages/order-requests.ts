import type { SimContext } from '../../sim-context';
import { parseOcaType } from '../../orders/oca-type';
import type { Action, OrderType, Tif } from '../../orders/sim-order';
import type { ClientSession } from '../client-session';
import { IbError } from '../ib-errors';
import { Outgoing } from '../message-ids';
import type { RequestReader } from '../request-reader';
import { completedOrderMessage, openOrderMessage, orderStatusMessage } from './order-messages';
import { readContract } from './read-contract';

/**
 * placeOrder at server version 193: [3, orderId, contract(12), secIdType, secId, action, qty, type,
 * lmt, aux, tif, ocaGroup, account, openClose, origin, orderRef, transmit, parentId, block, sweep,
 * displaySize, triggerMethod, outsideRth, hidden, sharesAllocation, discretionaryAmt,
 * goodAfterTime, goodTillDate, faGroup, faMethod, faPercentage, modelCode, shortSaleSlot,
 * designatedLocation, exemptCode, ocaType, …]. The simulator reads what it works with.
 * An empty transmit is false, as in TWS: an order sent without `transmit: true` is held.
 */
export function placeOrder(ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(1);
  const orderId = r.int();
  const query = readContract(r);
  r.skip(2); // secIdType, secId
  const action = r.str().toUpperCase() as Action;
  const totalQuantity = r.number();
  const orderType = r.str().toUpperCase() as OrderType;
  const lmtPrice = r.optionalNumber();
  const auxPrice = r.optionalNumber();
  const tif = (r.str().toUpperCase() || 'DAY') as Tif;
  const ocaGroup = r.str();
  const account = r.str() || ctx.scenario.account;
  r.skip(2); // openClose, origin
  const orderRef = r.str();
  const transmit = r.bool();
  const parentId = r.int();
  r.skip(4); // blockOrder, sweepToFill, displaySize, triggerMethod
  const outsideRth = r.bool();
  r.skip(12); // hidden … exemptCode (no combo legs: the simulator has no BAG contracts)
  const ocaType = parseOcaType(r.int());
  const matches = ctx.registry.find(query);
  if (matches.length !== 1) {
    session.sendError(orderId, matches.length === 0 ? IbError.noSecurityDefinition() : IbError.ambiguousContract());
    return;
  }
  if (account !== ctx.scenario.account) {
    session.sendError(orderId, IbError.rejected(`Invalid account ${account}`));
    return;
  }
  const ticket = {
    clientId: session.clientId, orderId, instrument: matches[0]!, action, totalQuantity, orderType, lmtPrice, auxPrice, tif, outsideRth, orderRef, account, parentId,
    ocaGroup, ocaType, transmit,
  };
  ctx.engine.place(ticket, ctx.clock.now());
}

/** cancelOrder at 193: [4, orderId, manualOrderCancelTime, extOperator, manualOrderIndicator]. */
export function cancelOrder(ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(1);
  ctx.engine.cancel(session.clientId, r.int(), ctx.clock.now());
}

export function reqGlobalCancel(ctx: SimContext): void {
  ctx.engine.cancelAll(ctx.clock.now());
}

/** reqOpenOrders: this client's working orders. */
export function reqOpenOrders(ctx: SimContext, session: ClientSession): void {
  sendOpenOrders(session, ctx.engine.openOrders(session.clientId));
}

/** reqAllOpenOrders: every client's working orders. */
export function reqAllOpenOrders(ctx: SimContext, session: ClientSession): void {
  sendOpenOrders(session, ctx.engine.openOrders());
}

/** reqAutoOpenOrders: only client 0 may bind (TWS rejects it for others). */
export function reqAutoOpenOrders(_ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(2);
  const enable = r.bool();
  if (session.clientId !== 0) {
    session.sendError(-1, IbError.validating('reqAutoOpenOrders is only allowed for client id 0'));
    return;
  }
  session.autoOpenOrders = enable;
}

export function reqCompletedOrders(ctx: SimContext, session: ClientSession): void {
  session.sendAll([...ctx.engine.completedOrders().map(completedOrderMessage), [Outgoing.COMPLETED_ORDERS_END]]);
}

function sendOpenOrders(session: ClientSession, orders: ReturnType<SimContext['engine']['openOrders']>): void {
  session.sendAll([...orders.flatMap((o) => [openOrderMessage(o), orderStatusMessage(o)]), [Outgoing.OPEN_ORDER_END, 1]]);
}
