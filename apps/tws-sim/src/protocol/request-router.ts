import type { SimContext } from '../sim-context';
import type { ClientSession } from './client-session';
import { IbError } from './ib-errors';
import { Incoming } from './message-ids';
import { RequestReader } from './request-reader';
import { reqContractDetails, reqMarketRule, reqMatchingSymbols, reqSecDefOptParams } from './messages/contract-requests';
import { cancelMktData, reqMktData } from './messages/market-data-requests';
import {
  cancelOrder,
  placeOrder,
  reqAllOpenOrders,
  reqAutoOpenOrders,
  reqCompletedOrders,
  reqGlobalCancel,
  reqOpenOrders,
} from './messages/order-requests';
import { reqExecutions, reqPositions } from './messages/report-requests';
import { reqCurrentTime, reqIds, reqManagedAccts, reqMarketDataType } from './messages/session-requests';

type Handler = (ctx: SimContext, session: ClientSession, r: RequestReader) => void;

const HANDLERS: Partial<Record<number, Handler>> = {
  [Incoming.REQ_MKT_DATA]: reqMktData,
  [Incoming.CANCEL_MKT_DATA]: cancelMktData,
  [Incoming.PLACE_ORDER]: placeOrder,
  [Incoming.CANCEL_ORDER]: cancelOrder,
  [Incoming.REQ_OPEN_ORDERS]: reqOpenOrders,
  [Incoming.REQ_EXECUTIONS]: reqExecutions,
  [Incoming.REQ_IDS]: reqIds,
  [Incoming.REQ_CONTRACT_DATA]: reqContractDetails,
  [Incoming.REQ_AUTO_OPEN_ORDERS]: reqAutoOpenOrders,
  [Incoming.REQ_ALL_OPEN_ORDERS]: reqAllOpenOrders,
  [Incoming.REQ_MANAGED_ACCTS]: reqManagedAccts,
  [Incoming.REQ_CURRENT_TIME]: reqCurrentTime,
  [Incoming.REQ_GLOBAL_CANCEL]: reqGlobalCancel,
  [Incoming.REQ_MARKET_DATA_TYPE]: reqMarketDataType,
  [Incoming.REQ_POSITIONS]: reqPositions,
  [Incoming.CANCEL_POSITIONS]: () => undefined,
  [Incoming.REQ_SEC_DEF_OPT_PARAMS]: reqSecDefOptParams,
  [Incoming.REQ_MATCHING_SYMBOLS]: reqMatchingSymbols,
  [Incoming.REQ_MARKET_RULE]: reqMarketRule,
  [Incoming.REQ_COMPLETED_ORDERS]: reqCompletedOrders,
};

/** Where the request id sits in messages that carry one (for pacing and "unsupported" errors). */
const ID_POSITION: Partial<Record<number, number>> = {
  [Incoming.REQ_MKT_DATA]: 2,
  [Incoming.CANCEL_MKT_DATA]: 2,
  [Incoming.PLACE_ORDER]: 1,
  [Incoming.CANCEL_ORDER]: 1,
  [Incoming.REQ_EXECUTIONS]: 2,
  [Incoming.REQ_CONTRACT_DATA]: 2,
  [Incoming.REQ_SEC_DEF_OPT_PARAMS]: 1,
  [Incoming.REQ_MATCHING_SYMBOLS]: 1,
};

/** Dispatches one request: pacing first (error 100, request dropped), then the handler, or 321. */
export function routeRequest(ctx: SimContext, session: ClientSession, fields: readonly string[]): void {
  const msgId = Number(fields[0]);
  const position = ID_POSITION[msgId];
  const requestId = position === undefined ? -1 : Number(fields[position] ?? -1) || -1;
  const paced = session.pacing.admit();
  if (!paced.ok) {
    session.sendError(requestId, IbError.pacing(50, paced.received));
    return;
  }
  const handler = Number.isInteger(msgId) ? HANDLERS[msgId] : undefined;
  if (!handler) {
    session.sendError(requestId, IbError.validating(`request ${fields[0]} is not supported by the simulator`));
    return;
  }
  handler(ctx, session, new RequestReader(fields));
}
