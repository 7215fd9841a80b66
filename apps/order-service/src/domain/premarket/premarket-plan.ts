import type { PremarketPolicy, Session } from '@arctrigger/contracts';

/** What to do with an entry trigger that fired outside regular hours (options trade 09:30–16:00 only). */
export type PremarketPlan =
  | { action: 'fire' }
  /** Wait for the trader; cancel at `deadline`. */
  | { action: 'ask'; deadline: number }
  /** Move the trigger to the firing price (the premarket high for a call, low for a put) and keep watching. */
  | { action: 'rebase'; newTrigger: number }
  /** Re-arm at the next regular open and fire then if the condition still holds. */
  | { action: 'hold'; rearmAt: number }
  | { action: 'cancel' };

export interface PremarketInputs {
  policy: PremarketPolicy;
  session: Session;
  firingPrice: number;
  now: number;
  askTimeoutMs: number;
  nextRegularOpen: number;
}

/** The trade's premarket policy (PRODUCT.md #9) applied to one trigger hit. */
export function premarketPlan(input: PremarketInputs): PremarketPlan {
  if (input.session === 'regular') return { action: 'fire' };
  switch (input.policy) {
    case 'ask':
      return { action: 'ask', deadline: input.now + input.askTimeoutMs };
    case 'rebase':
      return { action: 'rebase', newTrigger: input.firingPrice };
    case 'hold':
      return { action: 'hold', rearmAt: input.nextRegularOpen };
    case 'cancel':
      return { action: 'cancel' };
  }
}
