import type { SimContext } from '../../sim-context';
import { isMarketRuleId } from '../../market/market-rules';
import type { ClientSession } from '../client-session';
import { IbError } from '../ib-errors';
import type { RequestReader } from '../request-reader';
import {
  contractDataEndMessage,
  contractDataMessage,
  marketRuleMessage,
  secDefOptParamsEndMessage,
  secDefOptParamsMessage,
  symbolSamplesMessage,
} from './contract-messages';
import { readContract } from './read-contract';

/** reqContractDetails: every instrument the (partial) description matches, or error 200. */
export function reqContractDetails(ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(2);
  const reqId = r.int();
  const matches = ctx.registry.find(readContract(r));
  if (matches.length === 0) {
    session.sendError(reqId, IbError.noSecurityDefinition());
    return;
  }
  const hours = sessionHours(ctx);
  session.sendAll([...matches.map((i) => contractDataMessage(reqId, i, hours)), contractDataEndMessage(reqId)]);
}

/** reqSecDefOptParams: [78, reqId, symbol, futFopExchange, secType, conId] → one line per exchange. */
export function reqSecDefOptParams(ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(1);
  const reqId = r.int();
  const symbol = r.str();
  r.str();
  r.str();
  const conId = r.int();
  const stock = (conId > 0 ? ctx.registry.get(conId) : undefined) ?? ctx.registry.stock(symbol);
  if (!stock || stock.secType !== 'STK') {
    session.sendError(reqId, IbError.noSecurityDefinition());
    return;
  }
  const options = ctx.registry.optionsOf(stock.conId);
  const expiries = [...new Set(options.map((o) => o.expiry))].sort();
  const strikes = [...new Set(options.map((o) => o.strike))].sort((a, b) => a - b);
  session.sendAll([
    secDefOptParamsMessage(reqId, 'SMART', stock.conId, stock.symbol, expiries, strikes),
    secDefOptParamsMessage(reqId, 'CBOE', stock.conId, stock.symbol, expiries, strikes),
    secDefOptParamsEndMessage(reqId),
  ]);
}

/** reqMatchingSymbols: stocks whose symbol starts with, or whose name contains, the pattern. */
export function reqMatchingSymbols(ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(1);
  const reqId = r.int();
  const pattern = r.str().toUpperCase();
  const hits = ctx.registry
    .stocks()
    .filter((s) => pattern && (s.symbol.startsWith(pattern) || s.longName.toUpperCase().includes(pattern)))
    .slice(0, 16);
  session.send(symbolSamplesMessage(reqId, hits));
}

export function reqMarketRule(_ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(1);
  const id = r.int();
  if (!isMarketRuleId(id)) {
    session.sendError(-1, IbError.validating(`unknown market rule ${id}`));
    return;
  }
  session.send(marketRuleMessage(id));
}

/** Trading / liquid hours for the next few days, in TWS's "YYYYMMDD:HHMM-YYYYMMDD:HHMM;…" form. */
function sessionHours(ctx: SimContext): { tradingHours: string; liquidHours: string } {
  const trading: string[] = [];
  const liquid: string[] = [];
  let t = ctx.clock.now();
  for (let i = 0; i < 5; i++) {
    const day = ctx.market.calendar.dayOf(t);
    const d = day.date.replaceAll('-', '');
    if (day.isTradingDay) {
      trading.push(`${d}:0400-${d}:${day.earlyClose ? '1700' : '2000'}`);
      liquid.push(`${d}:0930-${d}:${day.earlyClose ? '1300' : '1600'}`);
    } else {
      trading.push(`${d}:CLOSED`);
      liquid.push(`${d}:CLOSED`);
    }
    t = day.dayEnd + 1;
  }
  return { tradingHours: trading.join(';'), liquidHours: liquid.join(';') };
}
