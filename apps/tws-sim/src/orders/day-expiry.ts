import type { MarketCalendar, TradingDay } from '@arctrigger/service-kit';
import { worksOutsideRth } from './matching';
import type { SimOrder } from './sim-order';

/**
 * When a DAY order is cancelled: at the end of the session it may work in. Stock orders that work
 * outside regular hours (`outsideRth` LMT / STP LMT) live to the after-hours close (20:00 ET, 17:00
 * on early-close days); everything else — options always — to the regular close (16:00, 13:00).
 * An order placed after that end on a trading day, or on a day without trading, belongs to the
 * next trading day.
 */
export function dayOrderExpiry(order: SimOrder, calendar: MarketCalendar, now: number): number {
  const end = (day: TradingDay) => (worksOutsideRth(order) ? day.afterHoursClose : day.regularClose);
  const today = calendar.dayOf(now);
  if (today.isTradingDay && now < end(today)) return end(today);
  return end(calendar.dayOf(calendar.nextRegularOpen(now)));
}
