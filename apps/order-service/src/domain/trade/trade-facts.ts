import type { ArmTradeCommand, Session, TradeFill, TradeOrder } from '@arctrigger/contracts';
import type { TradeEventType } from '../lifecycle/trade-event-type';

type Spec = Omit<ArmTradeCommand, 'tradeId'>;

/**
 * The facts each trade event carries in its `detail`. A trade is rebuilt from these alone, so
 * every fact the state needs is written here — never looked up again on replay.
 */
export interface TradeFacts {
  armed: {
    spec: Spec;
    optionConId: number;
    underConId: number;
    strike: number;
    multiplier: number;
    marketRuleId: number | null;
    stopLevel: number | null;
    entryTriggerId: string;
    /** Set when the trade was reset from a finished one (absent in events written before reset existed). */
    resetFrom?: string | null;
  };
  modified: { spec: Spec; stopLevel: number | null; entryQuantityHint?: number };
  'premarket-hit': { triggerId: string; price: number; session: Session; decisionDeadline: number | null; rearmAt: number | null };
  rebased: {
    triggerPrice: number;
    entryTriggerId: string;
    stopLevel: number | null;
    optionConId: number;
    strike: number;
    multiplier: number;
    marketRuleId: number | null;
  };
  held: { rearmAt: number };
  'entry-rearmed': { entryTriggerId: string };
  /** `traceparent`: the firing's trace, so a fill after a restart still joins it. */
  fired: { triggerId: string; price: number; session: Session; tickSeq: number; traceparent?: string | null };
  submitting: { order: TradeOrder; reservationId: string | null };
  'submit-unknown': { orderRef: string; reason: string };
  accepted: { orderRef: string };
  'not-found': { orderRef: string };
  'broker-inactive': { orderRef: string; reason: string };
  repriced: { orderRef: string; limitPrice: number; step: number };
  'partially-filled': { fill: TradeFill };
  filled: { fill: TradeFill };
  'remainder-cancelled': { orderRef: string; reason: string };
  protected: { stopTriggerId: string | null; stopLevel: number | null; takeProfitTriggerId: string | null };
  'protection-failed': { reason: string };
  'stop-moved': { stopLevel: number; stopTriggerId: string };
  'stop-fired': { price: number; triggerId: string; order: TradeOrder | null };
  'exit-submitted': { order: TradeOrder | null; closing: 'stop' | 'flat' | 'tp' | null };
  'exit-accepted': { orderRef: string };
  'exit-partially-filled': { fill: TradeFill };
  'exit-ended': { orderRef: string; fill: TradeFill | null; reason: string | null };
  'exit-done': { orderRef: string; fill: TradeFill | null; reason: string | null };
  'exit-done-unprotected': { orderRef: string; fill: TradeFill | null; reason: string | null };
  closed: { orderRef: string; fill: TradeFill | null };
  'commission-charged': { execId: string; commission: number; currency: string };
  'protection-overdue': { deadlineMs: number; firstFillAt: number; reason: string };
  'guard-placed': { order: TradeOrder };
  /** `quantity` when resized; `status` ended with `reason` when cancelled or refused. */
  'guard-updated': { orderRef: string; status: 'accepted' | 'ended'; quantity: number | null; reason: string | null };
  rejected: { code: string; message: string; orderRef: string | null };
  cancelled: { reason: string; orderRef: string | null };
  failed: { code: string; message: string; orderRef: string | null };
}

/** Compile-time check that every event type has its facts. */
export type FactsOf<T extends TradeEventType> = TradeFacts[T];
