import { conformsToTick } from '../market/market-rules';
import { IbError, type IbErrorReply } from '../protocol/ib-errors';
import { OrderType, Tif, type OrderTicket } from './sim-order';

const TYPES = new Set<string>(Object.values(OrderType));
const TIFS = new Set<string>(Object.values(Tif));

/** The checks TWS applies before accepting an order, with its codes and wording. */
export function validateTicket(ticket: OrderTicket): IbErrorReply | undefined {
  const rule = ticket.instrument.marketRule;
  if (!TYPES.has(ticket.orderType)) return IbError.unsupportedOrderType(ticket.orderType);
  if (!TIFS.has(ticket.tif)) return IbError.rejected(`Time in force ${ticket.tif || '(empty)'} is not supported`);
  if (ticket.action !== 'BUY' && ticket.action !== 'SELL') return IbError.rejected(`Invalid action ${ticket.action as string}`);
  if (!(ticket.totalQuantity > 0) || !Number.isInteger(ticket.totalQuantity)) return IbError.sizeInvalid();
  const needsLimit = ticket.orderType === OrderType.LMT || ticket.orderType === OrderType.STP_LMT;
  const needsStop = ticket.orderType === OrderType.STP || ticket.orderType === OrderType.STP_LMT;
  if (needsLimit && !(ticket.lmtPrice !== undefined && ticket.lmtPrice > 0)) return IbError.rejected('Limit price is required');
  if (needsStop && !(ticket.auxPrice !== undefined && ticket.auxPrice > 0)) return IbError.rejected('Stop price is required');
  if (needsLimit && !conformsToTick(rule, ticket.lmtPrice!)) return IbError.invalidTick();
  if (needsStop && !conformsToTick(rule, ticket.auxPrice!)) return IbError.invalidTick();
  return undefined;
}
