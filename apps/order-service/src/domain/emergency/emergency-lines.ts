import {
  EmergencyAction,
  EmergencyOutcome,
  type EmergencyOrderLine,
  type Reply,
  type TradeOrder,
  type TradeView,
} from '@arctrigger/contracts';

type Line = EmergencyOrderLine;

function lineOf(view: TradeView, order: TradeOrder | null, action: Line['action'], outcome: Line['outcome'], rest: Partial<Line> = {}): Line {
  return {
    tradeId: view.tradeId, orderRef: order?.orderRef ?? null, conId: view.optionConId ?? null,
    side: order?.side ?? 'SELL', quantity: order?.quantity ?? 0, action, outcome, error: null, note: null, ...rest,
  };
}

/**
 * A cancel's answer as a report line: confirmed, already ended (filled or cancelled before), sent
 * but unconfirmed (its broker events settle it), or refused.
 */
export function cancelLine(view: TradeView, order: TradeOrder, reply: Reply<unknown, string>, note: string | null = null): Line {
  if (reply.ok) return lineOf(view, order, EmergencyAction.CANCEL, EmergencyOutcome.CANCELLED, { note });
  if (reply.code === 'ORDER_NOT_WORKING') return lineOf(view, order, EmergencyAction.CANCEL, EmergencyOutcome.ALREADY_DONE, { note: reply.message });
  if (reply.code === 'OUTCOME_UNKNOWN') return lineOf(view, order, EmergencyAction.CANCEL, EmergencyOutcome.PENDING, { note: reply.message });
  return lineOf(view, order, EmergencyAction.CANCEL, EmergencyOutcome.FAILED, { error: { code: reply.code, message: reply.message }, note });
}

export function keptLine(view: TradeView, order: TradeOrder): Line {
  return lineOf(view, order, EmergencyAction.CANCEL, EmergencyOutcome.KEPT, { note: `part of the full close (${view.closing}) selling the position` });
}

/** A sell of the close as the trade records it right after it was asked. */
export function sellLine(view: TradeView, order: TradeOrder): Line {
  switch (order.status) {
    case 'accepted':
      return lineOf(view, order, EmergencyAction.SELL, EmergencyOutcome.SENT);
    case 'ended':
      return lineOf(view, order, EmergencyAction.SELL, EmergencyOutcome.FAILED, { error: { code: 'EXIT_ENDED', message: order.endReason ?? 'ended' } });
    default:
      return lineOf(view, order, EmergencyAction.SELL, EmergencyOutcome.PENDING, { note: 'sent, not acknowledged yet: asked again under the same orderRef' });
  }
}

/** An order the close asked the broker to cancel (entry remainder, another exit, the protective stop), as the trade records it now. */
export function closeCancelLine(view: TradeView, order: TradeOrder): Line {
  return order.status === 'ended'
    ? lineOf(view, order, EmergencyAction.CANCEL, EmergencyOutcome.CANCELLED, { note: 'cancelled by the close' })
    : lineOf(view, order, EmergencyAction.CANCEL, EmergencyOutcome.PENDING, { note: 'cancel asked by the close: its contracts are sold once it is confirmed' });
}

/** Contracts a close will sell once the cancels of the orders holding them are confirmed. */
export function pendingSellLine(view: TradeView, quantity: number): Line {
  return lineOf(view, null, EmergencyAction.SELL, EmergencyOutcome.PENDING, {
    quantity, note: 'held by another working order: sold by the closing leg once its cancel is confirmed',
  });
}

export function alreadyClosingLine(view: TradeView): Line {
  return lineOf(view, null, EmergencyAction.SELL, EmergencyOutcome.ALREADY_DONE, {
    quantity: view.openQuantity, note: `a full close (${view.closing}) is already selling the position`,
  });
}

export function failedLine(view: TradeView, action: Line['action'], code: string, message: string): Line {
  return lineOf(view, null, action, EmergencyOutcome.FAILED, { quantity: view.openQuantity, error: { code, message } });
}

/** "3 orders: 2 cancelled, 1 pending" — the step's summary. */
export function summaryOf(what: string, lines: readonly Line[]): string {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.outcome, (counts.get(l.outcome) ?? 0) + 1);
  const parts = [...counts].map(([outcome, n]) => `${n} ${outcome}`);
  return `${lines.length} ${what}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
