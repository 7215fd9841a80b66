import { DemoSession, demoSessionStart } from '../src/clock/demo-session';
import { MarketCalendar, easternToEpoch } from '../src/clock/market-calendar';

const et = (date: string, hour: number, minute = 0) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return easternToEpoch(y, m, d, hour, minute);
};

describe('demo session start', () => {
  const calendar = new MarketCalendar();

  it.each([
    ['regular at 03:00 ET on a Tuesday starts at 09:45 the same day', DemoSession.REGULAR, et('2026-12-01', 3), et('2026-12-01', 9, 45)],
    ['regular inside the session stays at the wall clock', DemoSession.REGULAR, et('2026-12-01', 10, 30), et('2026-12-01', 10, 30)],
    ['regular with under half an hour left moves to the next day', DemoSession.REGULAR, et('2026-12-01', 15, 45), et('2026-12-02', 9, 45)],
    ['regular on a Saturday starts on Monday', DemoSession.REGULAR, et('2026-12-05', 12), et('2026-12-07', 9, 45)],
    ['regular on Thanksgiving starts the day after (an early close)', DemoSession.REGULAR, et('2026-11-26', 11), et('2026-11-27', 9, 45)],
    ['regular at 13:10 on an early-close day moves to the next trading day', DemoSession.REGULAR, et('2026-11-27', 13, 10), et('2026-11-30', 9, 45)],
    ['premarket at 20:30 starts at 09:00 the next day', DemoSession.PREMARKET, et('2026-12-01', 20, 30), et('2026-12-02', 9)],
    ['premarket at 05:00 stays', DemoSession.PREMARKET, et('2026-12-01', 5), et('2026-12-01', 5)],
    ['after-hours at 10:00 starts at 16:15', DemoSession.AFTER_HOURS, et('2026-12-01', 10), et('2026-12-01', 16, 15)],
    ['now is the wall clock, whatever the hour', DemoSession.NOW, et('2026-12-05', 3), et('2026-12-05', 3)],
  ])('%s', (_name, session, from, expected) => {
    const start = demoSessionStart(calendar, session, from);
    expect(new Date(start).toISOString()).toBe(new Date(expected).toISOString());
    if (session !== DemoSession.NOW) expect(calendar.sessionAt(start)).toBe(session);
  });
});
