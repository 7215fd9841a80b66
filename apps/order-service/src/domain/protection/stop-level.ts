import type { Right } from '@arctrigger/contracts';

/**
 * The stop on the underlying: trigger − offset for a call (the breakout failed if the stock falls
 * back below it), trigger + offset for a put. Rounded to the cent.
 */
export function stopLevelFor(right: Right, triggerPrice: number, offset: number): number {
  const raw = right === 'CALL' ? triggerPrice - offset : triggerPrice + offset;
  return Math.round(raw * 100) / 100;
}

/** The stop fires when the underlying crosses AGAINST the position: below for a call, above for a put. */
export function stopDirectionFor(right: Right): 'below' | 'above' {
  return right === 'CALL' ? 'below' : 'above';
}

/** The entry fires on the breakout: above the trigger for a call, below for a put. */
export function entryDirectionFor(right: Right): 'above' | 'below' {
  return right === 'CALL' ? 'above' : 'below';
}

export type BreakoutCheck = { ok: true } | { ok: false; code: 'NOT_A_BREAKOUT'; message: string };

/**
 * A call's trigger must be above the current price, a put's below — otherwise the condition is
 * already met and the trade would fire at once (the first version looped silently instead).
 */
export function checkBreakout(right: Right, triggerPrice: number, current: number): BreakoutCheck {
  if (right === 'CALL' && !(triggerPrice > current)) {
    return { ok: false, code: 'NOT_A_BREAKOUT', message: `a call trigger (${triggerPrice}) must be above the current price ${current}; use fireImmediately to fire now` };
  }
  if (right === 'PUT' && !(triggerPrice < current)) {
    return { ok: false, code: 'NOT_A_BREAKOUT', message: `a put trigger (${triggerPrice}) must be below the current price ${current}; use fireImmediately to fire now` };
  }
  return { ok: true };
}
