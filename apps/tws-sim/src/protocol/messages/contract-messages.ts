import type { WireValue } from '../framing';
import { Outgoing } from '../message-ids';
import type { Instrument } from '../../market/instruments';
import { MARKET_RULES, tickAt, type MarketRuleId } from '../../market/market-rules';

const STOCK_ORDER_TYPES = 'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,GTT,HID,IOC,LIT,LMT,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,OPG,PEGBENCH,POSTONLY,REL,RTH,SCALE,SCALERST,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';
const OPTION_ORDER_TYPES = 'ACTIVETIM,AD,ADJUST,ALERT,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,GTT,HID,IOC,LIT,LMT,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,OPG,OPGREROUT,POSTONLY,REL,SCALE,SCALERST,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,VOLAT,WHATIF';

/** CONTRACT_DATA at server version 193 (no version field; size rules; ineligibility reasons). */
export function contractDataMessage(reqId: number, i: Instrument, tradingDays: { tradingHours: string; liquidHours: string }): WireValue[] {
  const isOption = i.secType === 'OPT';
  const stock = isOption ? i.underlying : i;
  const rule = i.marketRule;
  return [
    Outgoing.CONTRACT_DATA,
    reqId,
    i.symbol,
    i.secType,
    isOption ? i.expiry : '',
    isOption ? i.expiry : '', // lastTradeDate
    isOption ? i.strike : 0,
    isOption ? i.right : '',
    'SMART',
    'USD',
    i.localSymbol,
    isOption ? i.symbol : stock.tradingClass, // marketName
    i.tradingClass,
    i.conId,
    tickAt(rule, 0),
    isOption ? '100' : '', // multiplier
    isOption ? OPTION_ORDER_TYPES : STOCK_ORDER_TYPES,
    isOption ? 'SMART,AMEX,CBOE,PHLX,PSE,ISE,BOX,BATS,NASDAQOM,CBOE2,NASDAQBX,MIAX,GEMINI,EDGX,MERCURY,PEARL,EMERALD,MEMX' : `SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,NASDAQ,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,EDGX,FOXRIVER,PEARL,NYSENAT,LTSE,MEMX,IBEOS,OVERNIGHT,TPLUS0,PSX`,
    1, // priceMagnifier
    isOption ? stock.conId : 0, // underConId
    isOption ? `${stock.longName} ${i.expiry} ${i.strike} ${i.right === 'C' ? 'Call' : 'Put'}` : stock.longName,
    isOption ? '' : stock.primaryExchange,
    isOption ? i.expiry.slice(0, 6) : '', // contractMonth
    stock.industry,
    isOption ? '' : 'Computers',
    isOption ? '' : 'Computers',
    'US/Eastern',
    tradingDays.tradingHours,
    tradingDays.liquidHours,
    '', '', // evRule, evMultiplier
    0, // secIdList
    isOption ? 2 : 1, // aggGroup
    isOption ? stock.symbol : '',
    isOption ? 'STK' : '',
    isOption ? `${rule},${rule}` : `${rule},${rule}`, // one rule id per valid exchange in TWS; two suffice here
    isOption ? i.expiry : '', // realExpirationDate
    isOption ? '' : 'COMMON',
    1, 1, isOption ? 1 : 100, // minSize, sizeIncrement, suggestedSizeIncrement
    0, // ineligibility reasons
  ];
}

export function contractDataEndMessage(reqId: number): WireValue[] {
  return [Outgoing.CONTRACT_DATA_END, 1, reqId];
}

export function secDefOptParamsMessage(reqId: number, exchange: string, underConId: number, tradingClass: string, expiries: string[], strikes: number[]): WireValue[] {
  return [Outgoing.SECURITY_DEFINITION_OPTION_PARAMETER, reqId, exchange, underConId, tradingClass, '100', expiries.length, ...expiries, strikes.length, ...strikes];
}

export function secDefOptParamsEndMessage(reqId: number): WireValue[] {
  return [Outgoing.SECURITY_DEFINITION_OPTION_PARAMETER_END, reqId];
}

export function symbolSamplesMessage(reqId: number, stocks: { conId: number; symbol: string; primaryExchange: string; longName: string }[]): WireValue[] {
  const fields: WireValue[] = [Outgoing.SYMBOL_SAMPLES, reqId, stocks.length];
  for (const s of stocks) fields.push(s.conId, s.symbol, 'STK', s.primaryExchange, 'USD', 1, 'OPT', s.longName, '');
  return fields;
}

export function marketRuleMessage(id: MarketRuleId): WireValue[] {
  const bands = MARKET_RULES[id];
  return [Outgoing.MARKET_RULE, id, bands.length, ...bands.flatMap((b) => [b.lowEdge, b.increment])];
}
