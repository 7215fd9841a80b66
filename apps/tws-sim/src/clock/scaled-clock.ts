import type { Clock, TimerHandle } from '@arctrigger/service-kit';

/**
 * Simulated time that starts at a chosen instant and runs `speed` times real time; `advance` jumps
 * it forward. With speed 1 and no start it is wall-clock time, which is what the demo wants.
 */
export class ScaledClock implements Clock {
  private readonly realStart: number;
  private offsetMs = 0;

  constructor(
    private readonly startAt: number,
    private readonly speed: number,
    private readonly realNow: () => number = Date.now,
  ) {
    this.realStart = realNow();
  }

  now(): number {
    return Math.floor(this.startAt + (this.realNow() - this.realStart) * this.speed + this.offsetMs);
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const t = setTimeout(callback, Math.max(0, delayMs / Math.max(this.speed, 1e-6)));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('the simulated clock cannot go backwards');
    this.offsetMs += ms;
  }
}

/** A clock the simulator can move by hand (ManualClock and ScaledClock both can). */
export interface AdvanceableClock extends Clock {
  advance(ms: number): void;
}

export function isAdvanceable(clock: Clock): clock is AdvanceableClock {
  return typeof (clock as Partial<AdvanceableClock>).advance === 'function';
}
