import { z } from 'zod';
import { defineEvent, defineRequest, patternOf, type AnyContract } from './core/contract';
import { ServiceName } from './core/enums';
import { errorsOf, pick } from './core/error-codes';
import { MarketTick } from './market-data/market-tick';
import { marketTickProblem } from './market-data/market-tick-problem';
import {
  AcquireMarketDataLease,
  MarketDataLeaseGranted,
  MarketDataLeaseReleased,
  QuoteErrors,
  QuoteSnapshotRequest,
  ReleaseMarketDataLease,
} from './market-data/market-data-lease';
import { BrokerNotice, ConnectionState, FeedState } from './gateway/connection-state';
import {
  ContractDetails,
  LookupErrors,
  MarketRule,
  MarketRuleRequest,
  OptionChain,
  OptionChainRequest,
  QualifyContractRequest,
  SymbolSearchRequest,
  SymbolSearchResult,
} from './gateway/lookups';
import {
  CancelledOrders,
  CancelOpeningOrdersCommand,
  CancelOrderCommand,
  ModifyOrderCommand,
  OrderCommandAck,
  OrderCommandErrors,
  OrderPlacement,
  PlaceOrderCommand,
  PlaceOrderOnApprovalCommand,
} from './broker/broker-order-commands';
import { BrokerOrderEvent } from './broker/broker-order-event';
import { placeOrderOnApprovalProblem, placeOrderProblem } from './broker/place-order-problem';
import { BrokerPosition, CommissionReport, Execution } from './broker/execution';
import {
  ArmTriggerCommand,
  DisarmTriggerCommand,
  ListTriggersQuery,
  ModifyTriggerCommand,
  TriggerErrors,
  TriggerList,
  TriggerView,
} from './triggers/trigger-spec';
import { TriggerEvent } from './triggers/trigger-event';
import { TriggerFiring } from './triggers/trigger-firing';
import { triggerFiringProblem } from './triggers/trigger-firing-problem';
import {
  ArmTradeRequest,
  ListTradesQuery,
  ModifyTradeRequest,
  PremarketDecisionRequest,
  ResetTradeRequest,
  TakeProfitRequest,
  TradeIdCommand,
  TradeIdRequest,
} from './trades/trade-commands';
import { TradeEvent } from './trades/trade-event';
import { TradeList, TradeView, TradeWithHistory } from './trades/trade-view';
import { ReleaseReservationCommand, RiskCheckRequest, RiskCheckRequestV2, RiskDecided, RiskDecision, RiskReasons } from './risk/risk-check';
import { riskCheckV2Problem, riskDecidedProblem } from './risk/risk-check-problem';
import { SetTradingStateCommand, TradingStateChanged } from './risk/trading-state';
import { ChangeRiskLimitsCommand, RiskLimitsChanged, RiskLimitsView } from './risk/risk-limits';
import { PositionMismatch } from './risk/position-mismatch';
import { PositionsQuery, PositionsView } from './risk/positions';
import { HealthRequest, ServiceHealth } from './system/health';
import { DeadLetter } from './system/dead-letter';
import { TradeErrors } from './trades/trade-errors';
import { RiskCommandErrors } from './risk/risk-command-errors';
import { Alert } from './system/alert';
import { AuditViolationEvent, ListViolationsQuery, ViolationList } from './audit/audit-violation';
import { AuditErrors, ExternalPositionList, ListExternalPositionsQuery } from './audit/external-position';
import { BrokerSnapshot, BrokerSnapshotRequest } from './gateway/broker-snapshot';
import { ReconcileReport, ReconcileRequest } from './gateway/reconcile-request';
import { EnsureProtectionCommand, ProtectionEnsured } from './trades/ensure-protection-command';
import { AdoptPositionRequest } from './trades/adopt-position-command';
import { AdoptRiskPositionCommand, RiskPositionAdopted } from './risk/adopt-position';
import { CancelAllCommand, FlattenAllCommand, GlobalCancelCommand, PanicCommand } from './emergency/emergency-commands';
import { EmergencyReport, GlobalCancelReport } from './emergency/emergency-report';
import { PutWatchlistEntryCommand, RemoveWatchlistEntryCommand, Watchlist, WatchlistErrors, WatchlistOwnerQuery } from './watchlist/watchlist';

const { GATEWAY, ORDER_SERVICE, TRIGGER_SERVICE, RISK_SERVICE, CONSOLE, WATCHLIST_SERVICE, AUDITOR } = ServiceName;
const ALL = [GATEWAY, ORDER_SERVICE, TRIGGER_SERVICE, RISK_SERVICE, CONSOLE, WATCHLIST_SERVICE, AUDITOR] as const;
const LOOKUP_TIMEOUT = 10_000;

// What each request can be refused with, besides the bus's own codes. A service that passes on
// another's answer lists that service's codes too.
const NONE = {} as const;
/** An order command may pass on a look-up's answer (the contract of the conId). */
const ORDER = errorsOf(OrderCommandErrors, LookupErrors);
const T = TradeErrors;
/** Arming qualifies (look-ups), prices and sizes, checks risk and arms the entry trigger. */
const ARM_TRADE = errorsOf(
  pick(T, 'INVALID_TRADE_ID', 'DUPLICATE_TRADE_ID', 'TRADE_HISTORY_INVALID', 'NOT_A_BREAKOUT', 'NO_UNDERLYING_PRICE', 'STRIKE_NOT_FOUND', 'NO_MARKET_RULE',
    'NO_OPTION_QUOTE', 'INVALID_PRICE', 'BUDGET_BELOW_ONE_CONTRACT', 'RISK_UNAVAILABLE'),
  LookupErrors, RiskReasons, TriggerErrors,
);
const MODIFY_TRADE = errorsOf(pick(T, 'TRADE_NOT_FOUND', 'INVALID_STATE', 'NOT_YOUR_TRADE'), TriggerErrors);
const CANCEL_TRADE = errorsOf(pick(T, 'TRADE_NOT_FOUND', 'INVALID_STATE', 'NOT_YOUR_TRADE'), ORDER);
const RESET_TRADE = errorsOf(ARM_TRADE, pick(T, 'TRADE_NOT_FOUND', 'INVALID_STATE', 'NOT_YOUR_TRADE'));
const BREAKEVEN = errorsOf(pick(T, 'TRADE_NOT_FOUND', 'INVALID_STATE', 'NOT_YOUR_TRADE'), TriggerErrors);
const TAKE_PROFIT = errorsOf(pick(T, 'TRADE_NOT_FOUND', 'INVALID_STATE', 'NOTHING_TO_SELL', 'NOT_YOUR_TRADE'), ORDER);
const FLATTEN = pick(T, 'TRADE_NOT_FOUND', 'INVALID_STATE', 'NOT_YOUR_TRADE');
/** A rebase may qualify the at-the-money option and arms the new entry trigger. */
const PREMARKET_DECISION = errorsOf(pick(T, 'TRADE_NOT_FOUND', 'INVALID_STATE', 'NO_MARKET_RULE', 'NOT_YOUR_TRADE'), LookupErrors, TriggerErrors);
const GET_TRADE = pick(T, 'TRADE_NOT_FOUND', 'TRADE_HISTORY_INVALID');
/**
 * Adopting reads the broker's positions (the gateway's snapshot codes pass on), qualifies the
 * option and its underlying (look-ups), reads the underlying's price and books the position at
 * the risk-service. The stop trigger is armed after, as for any fill (its refusals are retried).
 */
const ADOPT_POSITION = errorsOf(
  pick(T, 'ADMIN_ONLY', 'NOT_EXTERNAL', 'ALREADY_ADOPTED', 'SHORT_NOT_ADOPTED', 'NOT_AN_OPTION', 'CONTRACT_UNKNOWN', 'STOP_ON_WRONG_SIDE',
    'NO_UNDERLYING_PRICE', 'NO_MARKET_RULE', 'RISK_UNAVAILABLE'),
  pick(OrderCommandErrors, 'TWS_DISCONNECTED', 'OUTCOME_UNKNOWN'), LookupErrors,
);
/** A watch-list entry is resolved as an arm would resolve it: the look-ups' codes pass on. */
const PUT_WATCHLIST_ENTRY = errorsOf(pick(WatchlistErrors, 'STRIKE_NOT_FOUND', 'NO_UNDERLYING_PRICE', 'NO_MARKET_RULE', 'TOO_MANY_OPTIONS', 'WATCHLIST_FULL', 'CONFLICT'), LookupErrors);

/**
 * The subject catalogue: every message on the bus, its subject, version, schema, publishers and
 * consumers. NATS permissions (deploy/nats) and docs/contracts.md are derived from it.
 */
export const Contracts = {
  // ── market data ────────────────────────────────────────────────────────────
  MarketTick: defineEvent({
    name: 'md.tick', version: 1, subject: 'md.tick.v1.{conId}', schema: MarketTick, check: marketTickProblem,
    publishers: [GATEWAY], consumers: [TRIGGER_SERVICE, ORDER_SERVICE, RISK_SERVICE, CONSOLE, WATCHLIST_SERVICE],
    description: 'Top-of-book snapshot for one contract after each change (hot path; not persisted).',
  }),
  AcquireMarketDataLease: defineRequest({
    name: 'gw.md.lease', version: 1, subject: 'gw.md.lease.v1', schema: AcquireMarketDataLease,
    answer: MarketDataLeaseGranted, errors: NONE, timeoutMs: 5_000,
    publishers: [TRIGGER_SERVICE, ORDER_SERVICE, RISK_SERVICE, CONSOLE, WATCHLIST_SERVICE], consumers: [GATEWAY],
    description: 'Acquire or renew market-data leases; one TWS subscription per contract.',
  }),
  ReleaseMarketDataLease: defineRequest({
    name: 'gw.md.release', version: 1, subject: 'gw.md.release.v1', schema: ReleaseMarketDataLease,
    answer: MarketDataLeaseReleased, errors: NONE, timeoutMs: 5_000,
    publishers: [TRIGGER_SERVICE, ORDER_SERVICE, RISK_SERVICE, CONSOLE, WATCHLIST_SERVICE], consumers: [GATEWAY],
    description: 'Release market-data leases; the last release cancels the TWS subscription.',
  }),
  QuoteSnapshot: defineRequest({
    name: 'gw.md.quote', version: 1, subject: 'gw.md.quote.v1', schema: QuoteSnapshotRequest,
    answer: MarketTick, errors: QuoteErrors, timeoutMs: 5_000,
    publishers: [ORDER_SERVICE, RISK_SERVICE, TRIGGER_SERVICE, CONSOLE, WATCHLIST_SERVICE], consumers: [GATEWAY],
    description: 'Latest quote the gateway holds for a contract (error NO_QUOTE when none yet).',
  }),
  // ── gateway state ──────────────────────────────────────────────────────────
  ConnectionState: defineEvent({
    name: 'gw.conn', version: 1, subject: 'gw.conn.v1', schema: ConnectionState,
    publishers: [GATEWAY], consumers: [TRIGGER_SERVICE, ORDER_SERVICE, RISK_SERVICE, CONSOLE, WATCHLIST_SERVICE, AUDITOR],
    description: 'Connection to TWS: connecting / connected / degraded / disconnected, with reason.',
  }),
  FeedState: defineEvent({
    name: 'gw.feed', version: 1, subject: 'gw.feed.v1', schema: FeedState,
    publishers: [GATEWAY], consumers: [TRIGGER_SERVICE, ORDER_SERVICE, CONSOLE],
    description: 'Market-data farm stale / fresh flags (2103/2104/2105/2106/2157/2158).',
  }),
  BrokerNotice: defineEvent({
    name: 'gw.notice', version: 1, subject: 'gw.notice.v1', schema: BrokerNotice,
    publishers: [GATEWAY], consumers: [CONSOLE],
    description: 'IB messages a user must see (entitlements, competing session, data lines).',
  }),
  // ── look-ups ───────────────────────────────────────────────────────────────
  SymbolSearch: defineRequest({
    name: 'gw.lookup.symbols', version: 1, subject: 'gw.lookup.symbols.v1', schema: SymbolSearchRequest,
    answer: SymbolSearchResult, errors: LookupErrors, timeoutMs: LOOKUP_TIMEOUT,
    publishers: [CONSOLE, ORDER_SERVICE], consumers: [GATEWAY],
    description: 'IB matching-symbols search (ARCA/BATS listings kept).',
  }),
  QualifyContract: defineRequest({
    name: 'gw.lookup.contract', version: 1, subject: 'gw.lookup.contract.v1', schema: QualifyContractRequest,
    answer: ContractDetails, errors: LookupErrors, timeoutMs: LOOKUP_TIMEOUT,
    publishers: [ORDER_SERVICE, CONSOLE, RISK_SERVICE, WATCHLIST_SERVICE], consumers: [GATEWAY],
    description: 'Qualify one stock or option contract (error CONTRACT_NOT_FOUND for an unknown one).',
  }),
  OptionChain: defineRequest({
    name: 'gw.lookup.chain', version: 1, subject: 'gw.lookup.chain.v1', schema: OptionChainRequest,
    answer: OptionChain, errors: LookupErrors, timeoutMs: LOOKUP_TIMEOUT,
    publishers: [ORDER_SERVICE, CONSOLE, WATCHLIST_SERVICE], consumers: [GATEWAY],
    description: 'Option chain with strikes per expiry.',
  }),
  MarketRule: defineRequest({
    name: 'gw.lookup.market-rule', version: 1, subject: 'gw.lookup.market-rule.v1', schema: MarketRuleRequest,
    answer: MarketRule, errors: LookupErrors, timeoutMs: LOOKUP_TIMEOUT,
    publishers: [ORDER_SERVICE, CONSOLE, RISK_SERVICE, WATCHLIST_SERVICE], consumers: [GATEWAY],
    description: 'Price increments by band for a market rule id.',
  }),
  // ── broker orders ──────────────────────────────────────────────────────────
  PlaceOrder: defineRequest({
    name: 'gw.order.cmd.place', version: 1, subject: 'gw.order.cmd.place.v1', schema: PlaceOrderCommand, check: placeOrderProblem,
    answer: OrderPlacement, errors: ORDER, timeoutMs: 10_000,
    publishers: [ORDER_SERVICE], consumers: [GATEWAY],
    description: 'Place one order; orderRef is the idempotency key (same command → one broker order, same answer). Opening orders re-check the kill switch (TRADING_HALTED / REDUCING_ONLY); unknown conId, off-grid prices are refused before anything is sent (OrderCommandErrorCode). outcome `unknown` = sent but unacknowledged: resolved by reconciliation, never re-sent.',
  }),
  PlaceOrderOnApproval: defineRequest({
    name: 'gw.order.cmd.place-on-approval', version: 1, subject: 'gw.order.cmd.place-on-approval.v1', schema: PlaceOrderOnApprovalCommand, check: placeOrderOnApprovalProblem,
    answer: OrderPlacement, errors: ORDER, timeoutMs: 10_000,
    publishers: [ORDER_SERVICE], consumers: [GATEWAY],
    description: 'As PlaceOrder, sent once the order is priced and its risk check asked (`riskCheckId`), not answered: the gateway records the placement meanwhile and places on the published approval of that check (`risk.decision`). A denial or an approval of a different order → RISK_NOT_APPROVED; no decision heard within RISK_DECISION_WAIT_MS → RISK_NOT_APPROVED, retryable (send PlaceOrder once approved). Nothing sent either way.',
  }),
  /** @deprecated the same command under its old subject; served until no order-service sends it (rolling deploys). */
  PlaceOrderV2: defineRequest({
    name: 'gw.order.cmd.place', version: 2, subject: 'gw.order.cmd.place.v2', schema: PlaceOrderOnApprovalCommand, check: placeOrderOnApprovalProblem,
    answer: OrderPlacement, errors: ORDER, timeoutMs: 10_000,
    publishers: [ORDER_SERVICE], consumers: [GATEWAY],
    description: 'Deprecated: PlaceOrderOnApproval under its old subject (it is a command of its own, not a version of PlaceOrder). Served by the gateway for order-services of the previous release.',
  }),
  ModifyOrder: defineRequest({
    name: 'gw.order.cmd.modify', version: 1, subject: 'gw.order.cmd.modify.v1', schema: ModifyOrderCommand,
    answer: OrderCommandAck, errors: ORDER, timeoutMs: 10_000,
    publishers: [ORDER_SERVICE], consumers: [GATEWAY],
    description: 'Modify a working order (same IB order id); opening orders cannot grow while HALTED / REDUCING.',
  }),
  CancelOrder: defineRequest({
    name: 'gw.order.cmd.cancel', version: 1, subject: 'gw.order.cmd.cancel.v1', schema: CancelOrderCommand,
    answer: OrderCommandAck, errors: ORDER, timeoutMs: 10_000,
    publishers: [ORDER_SERVICE], consumers: [GATEWAY],
    description: 'Cancel a working order (ORDER_NOT_WORKING when already filled or cancelled).',
  }),
  CancelOpeningOrders: defineRequest({
    name: 'gw.order.cmd.cancel-opening', version: 1, subject: 'gw.order.cmd.cancel-opening.v1',
    schema: CancelOpeningOrdersCommand, answer: CancelledOrders, errors: ORDER, timeoutMs: 15_000,
    publishers: [RISK_SERVICE], consumers: [GATEWAY],
    description: 'Kill switch: cancel every working opening order at the broker.',
  }),
  BrokerOrderEvent: defineEvent({
    name: 'gw.order.evt', version: 1, subject: 'gw.order.evt.v1.{tradeId}', schema: BrokerOrderEvent,
    publishers: [GATEWAY], consumers: [ORDER_SERVICE, RISK_SERVICE, CONSOLE], stream: 'BROKER_ORDERS',
    description: 'Canonical broker order events keyed by orderRef and permId (status as TWS sends it, incl. cancelled-then-filled; rejected; unknown; not-found). Nats-Msg-Id = <orderRef>:<status>:<filled>:<remaining> so repeats collapse.',
  }),
  Execution: defineEvent({
    name: 'gw.exec', version: 1, subject: 'gw.exec.v1.{tradeId}', schema: Execution,
    publishers: [GATEWAY], consumers: [ORDER_SERVICE, RISK_SERVICE, CONSOLE], stream: 'EXECUTIONS',
    description: 'One fill; Nats-Msg-Id = execId (a repeated execDetails, live or from reconciliation, is stored once).',
  }),
  CommissionReport: defineEvent({
    name: 'gw.commission', version: 1, subject: 'gw.commission.v1.{tradeId}', schema: CommissionReport,
    publishers: [GATEWAY], consumers: [ORDER_SERVICE, RISK_SERVICE], stream: 'EXECUTIONS',
    description: 'Commission for one execution; Nats-Msg-Id = commission:<execId>.',
  }),
  BrokerPosition: defineEvent({
    name: 'gw.position', version: 1, subject: 'gw.position.v1', schema: BrokerPosition,
    publishers: [GATEWAY], consumers: [ORDER_SERVICE, RISK_SERVICE, CONSOLE],
    description: 'Broker position snapshot from reconciliation.',
  }),
  // ── triggers ───────────────────────────────────────────────────────────────
  ArmTrigger: defineRequest({
    name: 'trg.cmd.arm', version: 1, subject: 'trg.cmd.arm.v1', schema: ArmTriggerCommand,
    answer: TriggerView, errors: TriggerErrors, timeoutMs: 5_000,
    publishers: [ORDER_SERVICE], consumers: [TRIGGER_SERVICE],
    description: 'Arm a trigger (idempotent by triggerId). Already met: fire or refuse, as the command says.',
  }),
  ModifyTrigger: defineRequest({
    name: 'trg.cmd.modify', version: 1, subject: 'trg.cmd.modify.v1', schema: ModifyTriggerCommand,
    answer: TriggerView, errors: TriggerErrors, timeoutMs: 5_000,
    publishers: [ORDER_SERVICE], consumers: [TRIGGER_SERVICE],
    description: 'Change an armed trigger’s level or expiry.',
  }),
  DisarmTrigger: defineRequest({
    name: 'trg.cmd.disarm', version: 1, subject: 'trg.cmd.disarm.v1', schema: DisarmTriggerCommand,
    answer: TriggerView, errors: TriggerErrors, timeoutMs: 5_000,
    publishers: [ORDER_SERVICE, RISK_SERVICE], consumers: [TRIGGER_SERVICE],
    description: 'Disarm a trigger.',
  }),
  ListTriggers: defineRequest({
    name: 'trg.query.list', version: 1, subject: 'trg.query.list.v1', schema: ListTriggersQuery,
    answer: TriggerList, errors: TriggerErrors, timeoutMs: 5_000,
    publishers: [ORDER_SERVICE, RISK_SERVICE, CONSOLE, AUDITOR], consumers: [TRIGGER_SERVICE],
    description: 'List triggers, filtered by trade, contract or purpose.',
  }),
  TriggerEvent: defineEvent({
    name: 'trg.evt', version: 1, subject: 'trg.evt.v1.{tradeId}', schema: TriggerEvent,
    publishers: [TRIGGER_SERVICE], consumers: [ORDER_SERVICE, CONSOLE], stream: 'TRIGGER_EVENTS',
    description: 'Trigger armed / modified / disarmed / expired / fired (exactly once) / status.',
  }),
  TriggerFiring: defineEvent({
    name: 'trg.firing', version: 1, subject: 'trg.firing.v1.{tradeId}', schema: TriggerFiring, check: triggerFiringProblem,
    publishers: [TRIGGER_SERVICE], consumers: [ORDER_SERVICE],
    description: 'A fire is under way (sent beside its compare-and-set, not stored, only for a trigger armed at that level): the owner may act on it; `fired` follows every fire that won.',
  }),
  // ── trades (order-service) ─────────────────────────────────────────────────
  ArmTrade: defineRequest({
    name: 'trade.cmd.arm', version: 1, subject: 'trade.cmd.arm.v1', schema: ArmTradeRequest,
    answer: TradeView, errors: ARM_TRADE, timeoutMs: 15_000, publishers: [CONSOLE], consumers: [ORDER_SERVICE],
    description: 'Arm a trade: qualify, validate breakout, risk pre-check, arm the entry trigger.',
  }),
  ModifyTrade: defineRequest({
    name: 'trade.cmd.modify', version: 1, subject: 'trade.cmd.modify.v1', schema: ModifyTradeRequest,
    answer: TradeView, errors: MODIFY_TRADE, timeoutMs: 10_000, publishers: [CONSOLE], consumers: [ORDER_SERVICE],
    description: 'Modify an armed trade (trigger, stop, size).',
  }),
  CancelTrade: defineRequest({
    name: 'trade.cmd.cancel', version: 1, subject: 'trade.cmd.cancel.v1', schema: TradeIdRequest,
    answer: TradeView, errors: CANCEL_TRADE, timeoutMs: 10_000, publishers: [CONSOLE], consumers: [ORDER_SERVICE],
    description: 'Cancel a trade that has no position yet.',
  }),
  ResetTrade: defineRequest({
    name: 'trade.cmd.reset', version: 1, subject: 'trade.cmd.reset.v1', schema: ResetTradeRequest,
    answer: TradeView, errors: RESET_TRADE, timeoutMs: 15_000, publishers: [CONSOLE], consumers: [ORDER_SERVICE],
    description: 'Arm a finished trade again as a new trade with the same spec (optionally another trigger price).',
  }),
  Breakeven: defineRequest({
    name: 'trade.cmd.breakeven', version: 1, subject: 'trade.cmd.breakeven.v1', schema: TradeIdRequest,
    answer: TradeView, errors: BREAKEVEN, timeoutMs: 10_000, publishers: [CONSOLE], consumers: [ORDER_SERVICE],
    description: 'Move the stop to the trigger price.',
  }),
  TakeProfit: defineRequest({
    name: 'trade.cmd.take-profit', version: 1, subject: 'trade.cmd.take-profit.v1', schema: TakeProfitRequest,
    answer: TradeView, errors: TAKE_PROFIT, timeoutMs: 10_000, publishers: [CONSOLE], consumers: [ORDER_SERVICE],
    description: 'Sell a percent of the original quantity.',
  }),
  Flatten: defineRequest({
    name: 'trade.cmd.flatten', version: 1, subject: 'trade.cmd.flatten.v1', schema: TradeIdRequest,
    answer: TradeView, errors: FLATTEN, timeoutMs: 10_000, publishers: [CONSOLE], consumers: [ORDER_SERVICE],
    description: 'Sell the whole live quantity at market.',
  }),
  PremarketDecision: defineRequest({
    name: 'trade.cmd.premarket-decision', version: 1, subject: 'trade.cmd.premarket-decision.v1',
    schema: PremarketDecisionRequest, answer: TradeView, errors: PREMARKET_DECISION, timeoutMs: 10_000,
    publishers: [CONSOLE], consumers: [ORDER_SERVICE],
    description: 'Answer a premarket hit: rebase, hold or cancel.',
  }),
  GetTrade: defineRequest({
    name: 'trade.query.get', version: 1, subject: 'trade.query.get.v1', schema: TradeIdCommand,
    answer: TradeWithHistory, errors: GET_TRADE, timeoutMs: 5_000, publishers: [CONSOLE, RISK_SERVICE], consumers: [ORDER_SERVICE],
    description: 'One trade with its full event history.',
  }),
  ListTrades: defineRequest({
    name: 'trade.query.list', version: 1, subject: 'trade.query.list.v1', schema: ListTradesQuery,
    answer: TradeList, errors: NONE, timeoutMs: 5_000, publishers: [CONSOLE, RISK_SERVICE], consumers: [ORDER_SERVICE],
    description: 'Trades, filtered by state and symbol.',
  }),
  TradeEvent: defineEvent({
    name: 'trade.evt', version: 1, subject: 'trade.evt.v1.{tradeId}', schema: TradeEvent,
    publishers: [ORDER_SERVICE], consumers: [CONSOLE, RISK_SERVICE], stream: 'TRADES',
    description: 'Every trade transition (the audit log); Nats-Msg-Id = <tradeId>:<seq>.',
  }),
  // ── risk ───────────────────────────────────────────────────────────────────
  RiskCheck: defineRequest({
    name: 'risk.check', version: 1, subject: 'risk.check.v1', schema: RiskCheckRequest,
    answer: RiskDecision, errors: NONE, timeoutMs: 2_000, publishers: [ORDER_SERVICE], consumers: [RISK_SERVICE],
    description: 'Deprecated (use RiskCheckV2): a pre-trade check of the order about to be sent (purpose `fire`); no answer in time is a deny (fail closed). Served for order-services of the previous release.',
  }),
  RiskDecided: defineEvent({
    name: 'risk.decision', version: 1, subject: 'risk.decision.v1.{tradeId}.{leg}.{attempt}', schema: RiskDecided, check: riskDecidedProblem,
    publishers: [RISK_SERVICE], consumers: [GATEWAY], stream: 'RISK_DECISIONS',
    description: 'The decision of every check of an order with an orderRef (approved with its reservation, or denied), published the moment it is decided, before the answer; the subject ends with the orderRef (<tradeId>.<leg>.<attempt>). The gateway places a v2 order on it. Stored in RISK_DECISIONS: the risk book is rebuilt from its snapshot plus the decisions after it, so no storage write stands between the decision and the order.',
  }),
  ReleaseReservation: defineRequest({
    name: 'risk.reservation.release', version: 1, subject: 'risk.reservation.release.v1',
    schema: ReleaseReservationCommand, answer: z.object({ released: z.boolean() }), errors: NONE, timeoutMs: 2_000,
    publishers: [ORDER_SERVICE], consumers: [RISK_SERVICE],
    description: 'Release an approved reservation (order rejected, cancelled, filled or expired).',
  }),
  SetTradingState: defineRequest({
    name: 'risk.cmd.trading-state', version: 1, subject: 'risk.cmd.trading-state.v1',
    schema: SetTradingStateCommand, answer: TradingStateChanged, errors: RiskCommandErrors, timeoutMs: 20_000,
    publishers: [CONSOLE], consumers: [RISK_SERVICE],
    description: 'Kill switch: ACTIVE / REDUCING / HALTED (admin only at the console).',
  }),
  ChangeRiskLimits: defineRequest({
    name: 'risk.cmd.limits', version: 1, subject: 'risk.cmd.limits.v1', schema: ChangeRiskLimitsCommand,
    answer: RiskLimitsView, errors: RiskCommandErrors, timeoutMs: 5_000, publishers: [CONSOLE], consumers: [RISK_SERVICE],
    description: 'Change risk limits (validated, versioned in KV, audited).',
  }),
  GetRiskLimits: defineRequest({
    name: 'risk.query.limits', version: 1, subject: 'risk.query.limits.v1', schema: z.object({}).strict(),
    answer: RiskLimitsView, errors: NONE, timeoutMs: 5_000, publishers: [CONSOLE, ORDER_SERVICE], consumers: [RISK_SERVICE],
    description: 'Current risk limits and their version.',
  }),
  TradingStateChanged: defineEvent({
    name: 'risk.evt.trading-state', version: 1, subject: 'risk.evt.trading-state.v1', schema: TradingStateChanged,
    publishers: [RISK_SERVICE], consumers: [CONSOLE, ORDER_SERVICE, GATEWAY], stream: 'RISK_EVENTS',
    description: 'Trading state changed, with what the kill switch cancelled and disarmed.',
  }),
  RiskLimitsChanged: defineEvent({
    name: 'risk.evt.limits-changed', version: 1, subject: 'risk.evt.limits-changed.v1', schema: RiskLimitsChanged,
    publishers: [RISK_SERVICE], consumers: [CONSOLE], stream: 'RISK_EVENTS',
    description: 'Audit of one risk-limits change: previous and new limits, who, when (Nats-Msg-Id = limits:<version>).',
  }),
  PositionMismatch: defineEvent({
    name: 'risk.evt.position-mismatch', version: 1, subject: 'risk.evt.position-mismatch.v1', schema: PositionMismatch,
    publishers: [RISK_SERVICE], consumers: [CONSOLE], stream: 'RISK_EVENTS',
    description: 'The broker holds another quantity of a contract than risk counted from executions (after a grace period for executions in flight).',
  }),
  GetPositions: defineRequest({
    name: 'risk.query.positions', version: 1, subject: 'risk.query.positions.v1', schema: PositionsQuery,
    answer: PositionsView, errors: NONE, timeoutMs: 5_000, publishers: [CONSOLE, ORDER_SERVICE], consumers: [RISK_SERVICE],
    description: 'Positions and P&L per trade, per underlying and for the day (qty, average cost, mid, greeks, stale flag).',
  }),
  // ── watch list (watchlist-service) ─────────────────────────────────────────
  PutWatchlistEntry: defineRequest({
    name: 'wl.cmd.put', version: 1, subject: 'wl.cmd.put.v1', schema: PutWatchlistEntryCommand,
    answer: Watchlist, errors: PUT_WATCHLIST_ENTRY, timeoutMs: 30_000, publishers: [CONSOLE], consumers: [WATCHLIST_SERVICE],
    description: "Add (or replace) one underlying on a trader's watch list. The entry is resolved first — underlying and options qualified, chain and market rules fetched, quotes leased — and refused with the arm's codes (CONTRACT_NOT_FOUND, EXPIRY_NOT_FOUND, STRIKE_NOT_FOUND …) without changing the list.",
  }),
  RemoveWatchlistEntry: defineRequest({
    name: 'wl.cmd.remove', version: 1, subject: 'wl.cmd.remove.v1', schema: RemoveWatchlistEntryCommand,
    answer: Watchlist, errors: pick(WatchlistErrors, 'NOT_FOUND', 'CONFLICT'), timeoutMs: 5_000, publishers: [CONSOLE], consumers: [WATCHLIST_SERVICE],
    description: "Remove an underlying from a trader's watch list (NOT_FOUND when it is not on it); its quote leases are released.",
  }),
  ResolveWatchlist: defineRequest({
    name: 'wl.cmd.resolve', version: 1, subject: 'wl.cmd.resolve.v1', schema: WatchlistOwnerQuery,
    answer: Watchlist, errors: pick(WatchlistErrors, 'CONFLICT'), timeoutMs: 60_000, publishers: [CONSOLE], consumers: [WATCHLIST_SERVICE],
    description: "Resolve every entry of a trader's watch list now (as the service does before the open); each entry records its outcome.",
  }),
  GetWatchlist: defineRequest({
    name: 'wl.query.get', version: 1, subject: 'wl.query.get.v1', schema: WatchlistOwnerQuery,
    answer: Watchlist, errors: NONE, timeoutMs: 5_000, publishers: [CONSOLE], consumers: [WATCHLIST_SERVICE],
    description: "A trader's watch list with each entry's last resolution (an empty list when none).",
  }),
  // ── emergency (issue 20) ───────────────────────────────────────────────────
  CancelAll: defineRequest({
    name: 'trade.cmd.cancel-all', version: 1, subject: 'trade.cmd.cancel-all.v1', schema: CancelAllCommand,
    answer: EmergencyReport, errors: NONE, timeoutMs: 30_000, publishers: [CONSOLE, RISK_SERVICE], consumers: [ORDER_SERVICE],
    description: "Emergency (admin): cancel every working ArcTrigger order at the broker — entries, exits (a full close under way is kept) and broker protective stops (withdrawn for good; stop triggers stay armed) — each in its trade's queue; with `broker`, IB's global cancel after (gw.cmd.global-cancel). Reported order by order; safe to repeat.",
  }),
  FlattenAll: defineRequest({
    name: 'trade.cmd.flatten-all', version: 1, subject: 'trade.cmd.flatten-all.v1', schema: FlattenAllCommand,
    answer: EmergencyReport, errors: NONE, timeoutMs: 30_000, publishers: [CONSOLE, RISK_SERVICE], consumers: [ORDER_SERVICE],
    description: "Emergency (admin): every trade holding contracts is flattened (trade.cmd.flatten's close: what no other order holds is sold at market at once, the rest once its seller's cancel is confirmed — never two sellers). Reported order by order; a trade already closing is reported, not sold again.",
  }),
  Panic: defineRequest({
    name: 'risk.cmd.panic', version: 1, subject: 'risk.cmd.panic.v1', schema: PanicCommand,
    answer: EmergencyReport, errors: NONE, timeoutMs: 90_000, publishers: [CONSOLE], consumers: [RISK_SERVICE],
    description: 'Emergency (admin): HALT (the kill switch), then cancel-all, then flatten-all, run by the risk-service in that order whatever each step answered; the report has every step order by order.',
  }),
  GlobalCancel: defineRequest({
    name: 'gw.cmd.global-cancel', version: 1, subject: 'gw.cmd.global-cancel.v1', schema: GlobalCancelCommand,
    answer: GlobalCancelReport, errors: pick(OrderCommandErrors, 'TWS_DISCONNECTED'), timeoutMs: 20_000,
    publishers: [ORDER_SERVICE], consumers: [GATEWAY],
    description: "IB's global cancel (reqGlobalCancel): every open order of the account, ours or not. Answered with each working order of ours the gateway knew and how it ended (cancelled, filled, or still unconfirmed).",
  }),
  RiskCheckV2: defineRequest({
    name: 'risk.check', version: 2, subject: 'risk.check.v2', schema: RiskCheckRequestV2, check: riskCheckV2Problem,
    answer: RiskDecision, errors: NONE, timeoutMs: 2_000, publishers: [ORDER_SERVICE], consumers: [RISK_SERVICE],
    description: 'Pre-trade check with its purpose: `arm` (arm-time pre-check: judged by the same rules but orders-per-minute and pending orders, nothing reserved, nothing counted) or `fire` (the order about to be sent: reserves and counts, as v1 did). No answer in time is a deny (fail closed).',
  }),
  // ── invariant auditor (issue 19) ───────────────────────────────────────────
  BrokerSnapshot: defineRequest({
    name: 'gw.query.broker-snapshot', version: 1, subject: 'gw.query.broker-snapshot.v1', schema: BrokerSnapshotRequest,
    answer: BrokerSnapshot, errors: pick(OrderCommandErrors, 'TWS_DISCONNECTED', 'OUTCOME_UNKNOWN'), timeoutMs: 15_000,
    publishers: [AUDITOR, ORDER_SERVICE], consumers: [GATEWAY],
    description: "The broker's view now: every open order of the account (ours or not, reqAllOpenOrders) and every position (reqPositions). TWS_DISCONNECTED when not connected; OUTCOME_UNKNOWN (retryable) when TWS did not finish answering in time.",
  }),
  Reconcile: defineRequest({
    name: 'gw.cmd.reconcile', version: 1, subject: 'gw.cmd.reconcile.v1', schema: ReconcileRequest,
    answer: ReconcileReport, errors: pick(OrderCommandErrors, 'TWS_DISCONNECTED'), timeoutMs: 30_000,
    publishers: [AUDITOR, ORDER_SERVICE], consumers: [GATEWAY],
    description: 'Run a reconciliation now (as after a reconnect): placements whose outcome is unknown are found at the broker or published not-found — never re-sent; the positions read again (an adopted external position becomes closable at the gateway). Joins one already running.',
  }),
  EnsureProtection: defineRequest({
    name: 'trade.cmd.ensure-protection', version: 1, subject: 'trade.cmd.ensure-protection.v1', schema: EnsureProtectionCommand,
    answer: ProtectionEnsured, errors: errorsOf(pick(T, 'TRADE_NOT_FOUND', 'TRADE_HISTORY_INVALID'), TriggerErrors), timeoutMs: 10_000,
    publishers: [AUDITOR], consumers: [ORDER_SERVICE],
    description: "The auditor found a holding trade without a live stop trigger: the order-service asks the trigger-service itself, records `stop-lost` and arms a new stop (`protected`). Idempotent (a live stop is answered `already-live`).",
  }),
  AdoptPosition: defineRequest({
    name: 'trade.cmd.adopt', version: 1, subject: 'trade.cmd.adopt.v1', schema: AdoptPositionRequest,
    answer: TradeView, errors: ADOPT_POSITION, timeoutMs: 30_000, publishers: [CONSOLE], consumers: [ORDER_SERVICE],
    description: "Adopt an external position (admin): the broker's long position in an option less what ArcTrigger's trades hold becomes a new trade (`adopted`, OPEN) owned by the admin, holding it at the broker's average cost; its stop trigger on the underlying is armed as after an entry fill (`protected`). Refused with nothing changed when the contract is no external position now (NOT_EXTERNAL, ALREADY_ADOPTED), short, not an option, or the stop would fire at once.",
  }),
  AdoptRiskPosition: defineRequest({
    name: 'risk.cmd.adopt-position', version: 1, subject: 'risk.cmd.adopt-position.v1', schema: AdoptRiskPositionCommand,
    answer: RiskPositionAdopted, errors: NONE, timeoutMs: 5_000, publishers: [ORDER_SERVICE], consumers: [RISK_SERVICE],
    description: "Book an adopted external position on its new trade's position (not an opening: nothing counts toward the day's caps), so the trade's closing sells are within its position. Idempotent by trade id.",
  }),
  AuditViolationEvent: defineEvent({
    name: 'audit.evt.violation', version: 1, subject: 'audit.evt.v1.violation.{code}', schema: AuditViolationEvent,
    publishers: [AUDITOR], consumers: [CONSOLE], stream: 'AUDIT',
    description: 'An invariant violation found (`opened`), repaired again, or gone (`resolved`), with its stable code, facts and the repair taken; Nats-Msg-Id = <key>:<change>:<attempts>.',
  }),
  ListViolations: defineRequest({
    name: 'audit.query.violations', version: 1, subject: 'audit.query.violations.v1', schema: ListViolationsQuery,
    answer: ViolationList, errors: NONE, timeoutMs: 5_000, publishers: [CONSOLE], consumers: [AUDITOR],
    description: 'The open invariant violations (and the resolved ones when asked), with the time of the last audit pass.',
  }),
  ListExternalPositions: defineRequest({
    name: 'audit.query.external-positions', version: 1, subject: 'audit.query.external-positions.v1', schema: ListExternalPositionsQuery,
    answer: ExternalPositionList, errors: pick(AuditErrors, 'AUDITOR_UNAVAILABLE'), timeoutMs: 5_000, publishers: [CONSOLE], consumers: [AUDITOR],
    description: 'Positions at the broker that no trade of ArcTrigger holds (never traded automatically).',
  }),
  // ── system ─────────────────────────────────────────────────────────────────
  Health: defineRequest({
    name: 'sys.health', version: 1, subject: 'sys.health.v1', schema: HealthRequest,
    answer: ServiceHealth, errors: NONE, timeoutMs: 1_000, publishers: [...ALL], consumers: [...ALL],
    description: 'Every instance answers (no queue group): scatter-gather lists live services.',
  }),
  Heartbeat: defineEvent({
    name: 'sys.heartbeat', version: 1, subject: 'sys.heartbeat.v1.{service}', schema: ServiceHealth,
    publishers: [...ALL], consumers: [CONSOLE],
    description: 'Periodic heartbeat of every service instance.',
  }),
  DeadLetter: defineEvent({
    name: 'dlq', version: 1, subject: 'dlq.v1.{service}', schema: DeadLetter,
    publishers: [...ALL], consumers: [CONSOLE], stream: 'DEAD_LETTERS',
    description: 'Events that failed validation or handling, parked with the reason.',
  }),
  Alert: defineEvent({
    name: 'sys.alert', version: 1, subject: 'sys.alert.v1.{code}', schema: Alert,
    publishers: [...ALL], consumers: [CONSOLE], stream: 'ALERTS',
    description: 'A condition a person must see (severity, stable code, facts, dedup key); Nats-Msg-Id = <dedupKey>:<window> so each condition is stored once per window.',
  }),
} as const;

export type ContractName = keyof typeof Contracts;

const byPattern = new Map<string, AnyContract>(
  Object.values(Contracts).map((c) => [patternOf(c as AnyContract), c as AnyContract]),
);

/** Looks a contract up by its subscription pattern (used by the NestJS transport). */
export function contractForPattern(pattern: string): AnyContract | undefined {
  return byPattern.get(pattern);
}

export function allContracts(): AnyContract[] {
  return Object.values(Contracts);
}
