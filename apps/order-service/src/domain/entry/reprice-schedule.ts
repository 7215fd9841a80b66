import type { MarketRule } from '@arctrigger/contracts';
import { stepTicks } from '../pricing/tick-rounding';

export interface RepriceSettings {
  afterSeconds: number;
  maxSteps: number;
  cancelAfterLastStep: boolean;
}

/** The next step for an unfilled LMT entry whose timer has come due. */
export type RepriceStep =
  | { action: 'reprice'; limitPrice: number; step: number }
  | { action: 'cancel' }
  | { action: 'leave' };

/** When the next reprice check is due, counted from the last (re)pricing. */
export function nextRepriceAt(lastPricedAt: number, settings: RepriceSettings): number {
  return lastPricedAt + settings.afterSeconds * 1000;
}

/**
 * After N seconds unfilled: one tick up (toward the marketable side for a buy), up to K times;
 * after the last step, cancel or leave the order working, as the trade says.
 */
export function repriceStep(currentLimit: number, stepsDone: number, settings: RepriceSettings, rule: MarketRule): RepriceStep {
  if (stepsDone < settings.maxSteps) {
    return { action: 'reprice', limitPrice: stepTicks(rule, currentLimit, 1), step: stepsDone + 1 };
  }
  return settings.cancelAfterLastStep ? { action: 'cancel' } : { action: 'leave' };
}

/**
 * Whether an entry the broker reports cancelled was cancelled by its own reprice policy: every step
 * done, its time after the last one come, and the policy cancels then. Otherwise the broker (or
 * someone at it) cancelled it.
 */
export function cancelledByRepricePolicy(order: { repriceSteps: number; pricedAt: number }, settings: RepriceSettings, now: number): boolean {
  return settings.cancelAfterLastStep && order.repriceSteps >= settings.maxSteps && now >= nextRepriceAt(order.pricedAt, settings);
}
