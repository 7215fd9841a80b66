/** A scheduled callback that can be cancelled. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time is injected: domain code asks a Clock, never `Date.now()` or `setTimeout`, so tests can
 * control it and a process can run "as of 09:29:50 US/Eastern".
 */
export interface Clock {
  now(): number;
  setTimer(delayMs: number, callback: () => void): TimerHandle;
}

/** Wall-clock time. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const t = setTimeout(callback, Math.max(0, delayMs));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  }
}

/**
 * Starts at a given instant and runs in real time from there (`ARCTRIGGER_CLOCK_START`), so a
 * whole system can be started "at 09:29:50 US/Eastern" to exercise the premarket → open transition.
 */
export class OffsetClock implements Clock {
  private readonly offsetMs: number;

  constructor(startAt: number, realNow: number = Date.now()) {
    this.offsetMs = startAt - realNow;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const t = setTimeout(callback, Math.max(0, delayMs));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  }
}

/** Builds the service clock from configuration: a fixed offset wins over a start instant. */
export function clockFromConfig(clockStart: string | undefined, offsetMs?: number): Clock {
  if (offsetMs !== undefined) {
    const now = Date.now();
    return new OffsetClock(now + offsetMs, now);
  }
  return clockStart ? new OffsetClock(Date.parse(clockStart)) : new SystemClock();
}
