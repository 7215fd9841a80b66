import { MarketCalendar, easternToEpoch } from '../src/clock/market-calendar';

const cal = new MarketCalendar();
const at = (iso: string) => Date.parse(iso);

describe('market calendar', () => {
  it.each([
    ['2026-03-02T03:59:59-05:00', 'closed'],
    ['2026-03-02T04:00:00-05:00', 'premarket'],
    ['2026-03-02T09:29:59.999-05:00', 'premarket'],
    ['2026-03-02T09:30:00-05:00', 'regular'],
    ['2026-03-02T15:59:59-05:00', 'regular'],
    ['2026-03-02T16:00:00-05:00', 'after-hours'],
    ['2026-03-02T19:59:59-05:00', 'after-hours'],
    ['2026-03-02T20:00:00-05:00', 'closed'],
    ['2026-03-07T10:00:00-05:00', 'closed'], // Saturday
    ['2026-12-25T10:00:00-05:00', 'closed'], // Christmas
    ['2026-11-27T12:59:00-05:00', 'regular'], // day after Thanksgiving: early close
    ['2026-11-27T13:00:00-05:00', 'after-hours'],
    ['2026-07-15T09:30:00-04:00', 'regular'], // summer time
    ['2026-03-09T04:00:00-04:00', 'premarket'], // Monday after the DST change
  ])('market calendar says %s is %s', (iso, session) => {
    expect(cal.sessionAt(at(iso))).toBe(session);
  });

  it('market calendar converts US/Eastern wall time across the DST change', () => {
    expect(easternToEpoch(2026, 3, 8, 4, 0)).toBe(at('2026-03-08T04:00:00-04:00'));
    expect(easternToEpoch(2026, 3, 7, 4, 0)).toBe(at('2026-03-07T04:00:00-05:00'));
  });

  it('market calendar finds the next open over a weekend and a holiday', () => {
    expect(cal.nextRegularOpen(at('2026-04-02T16:30:00-04:00'))).toBe(at('2026-04-06T09:30:00-04:00')); // Good Friday 04-03
    expect(cal.nextRegularOpen(at('2026-03-02T09:29:50-05:00'))).toBe(at('2026-03-02T09:30:00-05:00'));
  });

  it('market calendar answers the same from its cache of recent days as a fresh calendar, however lookups interleave', () => {
    const cached = new MarketCalendar();
    const instants = Array.from({ length: 40 }, (_, i) => at('2026-03-02T08:00:00-05:00') + ((i * 7) % 12) * 86_400_000 + (i % 5) * 3_600_000);
    for (const t of instants) {
      expect(cached.sessionAt(t)).toBe(new MarketCalendar().sessionAt(t));
      expect(cached.nextRegularOpen(t)).toBe(new MarketCalendar().nextRegularOpen(t));
      expect(cached.dayOf(t)).toEqual(new MarketCalendar().dayOf(t));
    }
  });
});
