import type { WireValue } from '../framing';
import { Outgoing } from '../message-ids';
import type { Position } from '../../orders/positions';
import { contractFields } from './contract-fields';

/** POSITION version 3 (with trading class and average cost). */
export function positionMessage(p: Position): WireValue[] {
  const [conId, symbol, secType, expiry, strike, right, multiplier, , currency, localSymbol, tradingClass] = contractFields(p.instrument);
  return [Outgoing.POSITION, 3, p.account, conId, symbol, secType, expiry, strike, right, multiplier, 'SMART', currency, localSymbol, tradingClass, p.quantity, p.avgCost];
}

export function positionEndMessage(): WireValue[] {
  return [Outgoing.POSITION_END, 1];
}
