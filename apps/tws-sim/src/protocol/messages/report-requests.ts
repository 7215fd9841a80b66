import { easternParts } from '@arctrigger/service-kit';
import type { SimContext } from '../../sim-context';
import type { Execution } from '../../orders/sim-order';
import type { ClientSession } from '../client-session';
import type { RequestReader } from '../request-reader';
import { commissionReportMessage, executionEndMessage, executionMessage } from './execution-messages';
import { positionEndMessage, positionMessage } from './position-messages';

interface ExecutionFilter {
  clientId: number;
  acctCode: string;
  time: string;
  symbol: string;
  secType: string;
  exchange: string;
  side: string;
}

/** reqExecutions: [7, 3, reqId, clientId, acctCode, time, symbol, secType, exchange, side]. */
export function reqExecutions(ctx: SimContext, session: ClientSession, r: RequestReader): void {
  r.skip(2);
  const reqId = r.int();
  const filter: ExecutionFilter = { clientId: r.int(), acctCode: r.str(), time: r.str(), symbol: r.str(), secType: r.str(), exchange: r.str(), side: r.str() };
  const hits = ctx.engine.allExecutions().filter((e) => e.clientId === session.clientId && matches(filter, e));
  session.sendAll([...hits.flatMap((e) => [executionMessage(reqId, e), commissionReportMessage(e)]), executionEndMessage(reqId)]);
}

function matches(f: ExecutionFilter, e: Execution): boolean {
  if (f.clientId && f.clientId !== e.clientId) return false;
  if (f.acctCode && f.acctCode !== e.account) return false;
  if (f.symbol && f.symbol.toUpperCase() !== e.instrument.symbol) return false;
  if (f.secType && f.secType.toUpperCase() !== e.instrument.secType) return false;
  if (f.side) {
    const side = f.side.toUpperCase();
    if ((side === 'BUY' || side === 'BOT') !== (e.side === 'BOT')) return false;
  }
  if (f.time && twsStamp(e.time) < normaliseFilterTime(f.time)) return false;
  return true;
}

/** Filter times are "yyyymmdd-hh:mm:ss" or "yyyymmdd hh:mm:ss" in US/Eastern. */
function normaliseFilterTime(time: string): string {
  const m = /^(\d{8})[-\s]+(\d{2}):(\d{2})(?::(\d{2}))?/.exec(time.trim());
  return m ? `${m[1]}${m[2]}${m[3]}${m[4] ?? '00'}` : '';
}

function twsStamp(epochMs: number): string {
  const p = easternParts(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}`;
}

/** reqPositions: the account's positions, including flat ones TWS still lists, then POSITION_END. */
export function reqPositions(ctx: SimContext, session: ClientSession): void {
  session.sendAll([...ctx.engine.positions.all().map(positionMessage), positionEndMessage()]);
}
