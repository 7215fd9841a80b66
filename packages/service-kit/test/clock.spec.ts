import { ManualClock } from '../src/clock/manual-clock';
import { OffsetClock, clockFromConfig } from '../src/clock/clock';

describe('clock', () => {
  it('manual clock fires due timers in order and skips cancelled ones', () => {
    const clock = new ManualClock('2026-03-02T09:29:50-05:00');
    const fired: string[] = [];
    clock.setTimer(10_000, () => fired.push('open'));
    const cancelled = clock.setTimer(5_000, () => fired.push('cancelled'));
    clock.setTimer(1_000, () => fired.push('first'));
    cancelled.cancel();
    clock.advance(9_999);
    expect(fired).toEqual(['first']);
    clock.advance(1);
    expect(fired).toEqual(['first', 'open']);
    expect(clock.now()).toBe(Date.parse('2026-03-02T09:30:00-05:00'));
  });

  it('offset clock starts at the given instant and runs in real time', () => {
    const start = Date.parse('2026-03-02T09:29:50-05:00');
    const clock = new OffsetClock(start, Date.now());
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(start);
    expect(now - start).toBeLessThan(1_000);
  });

  it('clock from config keeps a fixed offset from the wall clock, whenever the process started', () => {
    const offset = -3 * 60 * 60 * 1000;
    const clock = clockFromConfig('2026-03-02T09:29:50-05:00', offset);
    const drift = clock.now() - (Date.now() + offset);
    expect(Math.abs(drift)).toBeLessThan(50);
  });
});
