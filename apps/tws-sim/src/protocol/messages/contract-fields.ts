import type { WireValue } from '../framing';
import type { Instrument } from '../../market/instruments';

/** The eleven contract fields of OPEN_ORDER / COMPLETED_ORDER / POSITION / EXECUTION_DATA. */
export function contractFields(i: Instrument, exchange = 'SMART'): WireValue[] {
  return [
    i.conId,
    i.symbol,
    i.secType,
    i.secType === 'OPT' ? i.expiry : '',
    i.secType === 'OPT' ? i.strike : 0,
    i.secType === 'OPT' ? i.right : '',
    i.secType === 'OPT' ? String(i.multiplier) : '',
    exchange,
    'USD',
    i.localSymbol,
    i.tradingClass,
  ];
}

/** Double.MAX_VALUE on the wire: "unset" for the client decoder. */
export const UNSET_DOUBLE = '1.7976931348623157E308';
export const UNSET_INT = 2147483647;

/** yyyymmdd hh:mm:ss in US/Eastern, the way TWS prints times. */
export function twsTime(epochMs: number, parts: (ms: number) => { year: number; month: number; day: number; hour: number; minute: number; second: number }): string {
  const p = parts(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}${two(p.month)}${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} US/Eastern`;
}
