import type { z } from 'zod';
import { Contracts, Streams, TradeState, patternOf, subjectOf, type EventContract } from '@arctrigger/contracts';

/** The SSE event names a client can listen for. */
export const SseEventName = {
  TRADE: 'trade',
  /** A trade hit its trigger premarket and waits for a decision (or its policy's answer). */
  PREMARKET_DECISION: 'premarket-decision',
  FILL: 'fill',
  TRIGGER: 'trigger',
  RISK_STATE: 'risk-state',
  RISK_LIMITS: 'risk-limits',
  /** The broker holds another quantity of a contract than the risk-service counted. */
  POSITION_MISMATCH: 'position-mismatch',
  /** A condition a person must see (`sys.alert.v1`, stream ALERTS). */
  ALERT: 'alert',
  /** Live only (not in JetStream): carries no id and is not replayed on resume. */
  CONNECTION: 'connection',
  /** A market-data farm went stale or fresh. Live only, like `connection`. */
  FEED: 'feed',
} as const;
export type SseEventName = (typeof SseEventName)[keyof typeof SseEventName];

interface SourceContract {
  contract: EventContract;
  nameOf: (payload: unknown) => SseEventName;
}

/** One JetStream stream the event feed reads, the subjects it takes from it, and how each is named. */
export interface EventSource {
  stream: string;
  /** One filter subject per consumer (multi-filter consumers need nats-server 2.10). */
  filterSubject: string;
  /** The subject of one trade's events in this stream (its last token is the trade id); null: not per trade. */
  tradeSubject: ((tradeId: string) => string) | null;
  contracts: SourceContract[];
}

const tradeEventName = (payload: unknown): SseEventName => {
  const event = payload as z.output<typeof Contracts.TradeEvent.schema>;
  return event.to === TradeState.PREMARKET_HIT && event.from !== TradeState.PREMARKET_HIT ? SseEventName.PREMARKET_DECISION : SseEventName.TRADE;
};
const named = (name: SseEventName) => () => name;

export const EVENT_SOURCES: readonly EventSource[] = [
  {
    stream: Streams.TRADES.name,
    filterSubject: patternOf(Contracts.TradeEvent),
    tradeSubject: (tradeId) => subjectOf(Contracts.TradeEvent, { tradeId }),
    contracts: [{ contract: Contracts.TradeEvent, nameOf: tradeEventName }],
  },
  {
    stream: Streams.EXECUTIONS.name,
    filterSubject: patternOf(Contracts.Execution),
    tradeSubject: (tradeId) => subjectOf(Contracts.Execution, { tradeId }),
    contracts: [{ contract: Contracts.Execution, nameOf: named(SseEventName.FILL) }],
  },
  {
    stream: Streams.TRIGGER_EVENTS.name,
    filterSubject: patternOf(Contracts.TriggerEvent),
    tradeSubject: (tradeId) => subjectOf(Contracts.TriggerEvent, { tradeId }),
    contracts: [{ contract: Contracts.TriggerEvent, nameOf: named(SseEventName.TRIGGER) }],
  },
  {
    stream: Streams.RISK_EVENTS.name,
    filterSubject: Streams.RISK_EVENTS.subjects[0],
    tradeSubject: null,
    contracts: [
      { contract: Contracts.TradingStateChanged, nameOf: named(SseEventName.RISK_STATE) },
      { contract: Contracts.RiskLimitsChanged, nameOf: named(SseEventName.RISK_LIMITS) },
      { contract: Contracts.PositionMismatch, nameOf: named(SseEventName.POSITION_MISMATCH) },
    ],
  },
  {
    stream: Streams.ALERTS.name,
    filterSubject: patternOf(Contracts.Alert),
    tradeSubject: null,
    contracts: [{ contract: Contracts.Alert, nameOf: named(SseEventName.ALERT) }],
  },
];

export const EVENT_STREAMS = EVENT_SOURCES.map((s) => s.stream);

/** The contract a stored message's subject belongs to (single-token wildcards only). */
export function contractOfSubject(source: EventSource, subject: string): SourceContract | undefined {
  const tokens = subject.split('.');
  return source.contracts.find((c) => {
    const pattern = patternOf(c.contract).split('.');
    return pattern.length === tokens.length && pattern.every((p, i) => p === '*' || p === tokens[i]);
  });
}
