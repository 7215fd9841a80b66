import { easternParts } from '@arctrigger/service-kit';
import type { WireValue } from '../framing';
import { Outgoing } from '../message-ids';
import type { Execution } from '../../orders/sim-order';
import { UNSET_DOUBLE, contractFields, twsTime } from './contract-fields';

/** EXECUTION_DATA at server version ≥ 136 (no version field); reqId -1 for live fills. */
export function executionMessage(reqId: number, e: Execution): WireValue[] {
  return [
    Outgoing.EXECUTION_DATA,
    reqId,
    e.orderId,
    ...contractFields(e.instrument, e.instrument.secType === 'OPT' ? 'CBOE' : e.instrument.primaryExchange),
    e.execId,
    twsTime(e.time, easternParts),
    e.account,
    e.instrument.secType === 'OPT' ? 'CBOE' : e.instrument.primaryExchange,
    e.side, e.shares, e.price, e.permId, e.clientId,
    0, // liquidation
    e.cumQty, e.avgPrice, e.orderRef,
    '', '', // evRule, evMultiplier
    '', // modelCode
    1, // lastLiquidity: added
    false, // pendingPriceRevision
  ];
}

export function executionEndMessage(reqId: number): WireValue[] {
  return [Outgoing.EXECUTION_DATA_END, 1, reqId];
}

export function commissionReportMessage(e: Execution): WireValue[] {
  return [Outgoing.COMMISSION_REPORT, 1, e.execId, e.commission, 'USD', e.realizedPnl ?? UNSET_DOUBLE, UNSET_DOUBLE, ''];
}
