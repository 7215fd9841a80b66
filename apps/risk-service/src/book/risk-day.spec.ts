import { parseDayRoll, riskDayAt, riskDayClock } from './risk-day';

describe('risk day', () => {
  it.each([
    ['00:00', '2026-03-10T03:59:00Z', '2026-03-09'], // 23:59 ET Monday
    ['00:00', '2026-03-10T04:00:00Z', '2026-03-10'], // 00:00 ET Tuesday
    ['17:00', '2026-03-10T20:59:00Z', '2026-03-09'], // 16:59 ET Tuesday: still Monday's day
    ['17:00', '2026-03-10T21:00:00Z', '2026-03-10'], // 17:00 ET Tuesday starts Tuesday's day
    ['04:00', '2026-03-08T07:59:00Z', '2026-03-07'], // DST change day: 03:59 EDT
    ['04:00', '2026-03-08T08:00:00Z', '2026-03-08'], // 04:00 EDT
    ['00:00', '2026-01-01T04:59:00Z', '2025-12-31'], // year boundary, EST
  ])('risk day with roll %s at %s is %s', (roll, instant, day) => {
    expect(riskDayAt(Date.parse(instant), parseDayRoll(roll))).toBe(day);
  });

  it('the remembering clock answers as riskDayAt through a roll, second by second, and when asked back in time', () => {
    const roll = parseDayRoll('17:00');
    const dayAt = riskDayClock(roll);
    const start = Date.parse('2026-03-10T20:58:30Z');
    const instants = Array.from({ length: 150 }, (_, i) => start + i * 1_000);
    for (const t of [...instants, ...instants.reverse()]) expect(dayAt(t)).toBe(riskDayAt(t, roll));
    expect(dayAt(start)).toBe('2026-03-09');
    expect(dayAt(start + 90_000)).toBe('2026-03-10');
  });
});
