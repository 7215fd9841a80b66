import { EventName, OptionType, SecType, type Contract, type IBApi, type ContractDescription, type ContractDetails as IbContractDetails } from '@stoqey/ib';
import {
  fail,
  LookupErrorCode,
  ok,
  type ConId,
  type ContractDetails,
  type MarketRule,
  type OptionChain,
  type OptionChainRequest,
  type QualifyContractRequest,
  type Reply,
  type SymbolMatch,
} from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import { type RequestIds } from '../ids/request-ids';
import { Priority } from '../pacing/pacer';
import { PendingRequests } from '../tws/pending-requests';
import type { TwsSession } from '../tws/tws-session';
import { toContractDetails, toSymbolMatch } from './contract-mapping';
import { LookupCache } from './lookup-cache';

/** Look-up failures are part of the contract. */
const LookupCode = LookupErrorCode;

interface ChainRow {
  exchange: string;
  tradingClass: string;
  multiplier: number;
  expirations: string[];
}

/**
 * Look-ups against TWS (symbol search, contract qualification, option chains, market rules):
 * request ids from the request range, cached with a TTL, identical concurrent look-ups coalesced,
 * and every request answered — by TWS, by its error, by a timeout or by the disconnect.
 */
export class TwsLookups {
  private readonly pending: PendingRequests;
  private readonly collected = new Map<number, unknown[]>();
  private readonly cache: LookupCache;

  constructor(
    private readonly session: TwsSession,
    private readonly requestIds: RequestIds,
    clock: Clock,
    ttlMs: number,
    private readonly timeoutMs: number,
  ) {
    this.pending = new PendingRequests(clock);
    this.cache = new LookupCache(clock, ttlMs, new Set([LookupCode.CONTRACT_NOT_FOUND]));
    session.on(EventName.symbolSamples, (reqId: number, rows: ContractDescription[]) =>
      this.pending.resolve(reqId, ok(rows.map(toSymbolMatch).filter((m): m is SymbolMatch => m !== undefined))),
    );
    session.on(EventName.contractDetails, (reqId: number, details: IbContractDetails) => this.collected.get(reqId)?.push(details));
    session.on(EventName.contractDetailsEnd, (reqId: number) => this.pending.resolve(reqId, ok(this.take(reqId))));
    session.on(EventName.securityDefinitionOptionParameter, (reqId: number, exchange: string, _u: number, tradingClass: string, multiplier: string, expirations: string[]) =>
      this.collected.get(reqId)?.push({ exchange, tradingClass, multiplier: Number(multiplier) || 100, expirations: [...expirations] } satisfies ChainRow),
    );
    session.on(EventName.securityDefinitionOptionParameterEnd, (reqId: number) => this.pending.resolve(reqId, ok(this.take(reqId))));
    session.on(EventName.marketRule, (marketRuleId: number, increments: Array<{ lowEdge: number; increment: number }>) =>
      this.pending.resolve(`rule:${marketRuleId}`, ok({ marketRuleId, increments: increments.map((i) => ({ lowEdge: i.lowEdge, increment: i.increment })) })),
    );
  }

  /** A TWS error for a request id; true when it was one of ours. */
  onError(reqId: number, code: number, message: string): boolean {
    if (!this.pending.has(reqId)) return false;
    this.collected.delete(reqId);
    const notFound = code === 200;
    return this.pending.resolve(reqId, fail(notFound ? LookupCode.CONTRACT_NOT_FOUND : LookupCode.LOOKUP_FAILED, notFound ? `No such contract (${message}).` : `TWS error ${code}: ${message}`));
  }

  /** The connection dropped: pending look-ups are answered now, not at their timeout. */
  onDisconnect(): void {
    this.collected.clear();
    this.pending.failAll(fail(LookupCode.TWS_DISCONNECTED, 'The connection to TWS was lost; try again.', { retryable: true }));
  }

  searchSymbols(pattern: string): Promise<Reply<{ matches: SymbolMatch[] }>> {
    return this.cache.get(`sym:${pattern.toUpperCase()}`, async () => {
      const reply = await this.ask<SymbolMatch[]>(`symbol search ${pattern}`, (id, api) => api.reqMatchingSymbols(id, pattern));
      return reply.ok ? ok({ matches: reply.value }) : reply;
    });
  }

  qualify(req: QualifyContractRequest): Promise<Reply<ContractDetails>> {
    const contract: Contract =
      req.secType === 'STK'
        ? { symbol: req.symbol, secType: SecType.STK, exchange: req.exchange, currency: req.currency }
        : {
            symbol: req.symbol,
            secType: SecType.OPT,
            lastTradeDateOrContractMonth: req.expiry,
            strike: req.strike,
            right: req.right === 'CALL' ? OptionType.Call : OptionType.Put,
            exchange: req.exchange,
            currency: req.currency,
          };
    return this.cache.get(`q:${JSON.stringify(req)}`, async () => {
      const reply = await this.single(contract, `${req.symbol} ${req.secType}`);
      // An order for this contract validates it by conId: served from here, not a TWS round trip.
      if (reply.ok) this.cache.prime(`c:${reply.value.conId}`, reply);
      return reply;
    });
  }

  /** `priority` ORDER when an order waits on the answer (validation must not queue behind a look-up burst). */
  contractById(conId: ConId, priority: Priority = Priority.LOOKUP): Promise<Reply<ContractDetails>> {
    return this.cache.get(`c:${conId}`, () => this.single({ conId, exchange: 'SMART' }, `conId ${conId}`, priority));
  }

  marketRule(marketRuleId: number, priority: Priority = Priority.LOOKUP): Promise<Reply<MarketRule>> {
    return this.cache.get(`rule:${marketRuleId}`, async () => {
      const key = `rule:${marketRuleId}`;
      let markSent!: () => void;
      const sent = new Promise<void>((resolve) => (markSent = resolve));
      const queued = this.session.send(priority, (api) => {
        api.reqMarketRule(marketRuleId);
        markSent();
      });
      if (!queued) return disconnected();
      const reply = await this.pending.wait<MarketRule>(key, this.timeoutMs, `market rule ${marketRuleId}`, sent);
      // TWS never answers an unknown rule id, so silence is the only "not found" it gives; it is
      // not cached, because a slow TWS must not hide a real rule for the cache's lifetime.
      if (!reply.ok && reply.code === LookupCode.LOOKUP_TIMEOUT) {
        return fail(LookupCode.MARKET_RULE_NOT_FOUND, `TWS has no market rule ${marketRuleId} (no answer within ${this.timeoutMs} ms).`);
      }
      return reply;
    });
  }

  /** Expiries of the chain and, per expiry, the strikes that really exist for it. */
  chain(req: OptionChainRequest): Promise<Reply<OptionChain>> {
    return this.cache.get(`chain:${req.underConId}:${req.expiry ?? '*'}`, async () => {
      const rows = await this.ask<ChainRow[]>(`option chain ${req.symbol}`, (id, api) => api.reqSecDefOptParams(id, req.symbol, '', SecType.STK, req.underConId));
      if (!rows.ok) return rows;
      const row = rows.value.find((r) => r.exchange === 'SMART') ?? rows.value[0];
      if (!row) return fail(LookupCode.CONTRACT_NOT_FOUND, `${req.symbol} (conId ${req.underConId}) has no listed options.`);
      const all = [...new Set(row.expirations)].sort();
      const expiries = req.expiry ? all.filter((e) => e === req.expiry) : all;
      if (req.expiry && expiries.length === 0) return fail(LookupCode.EXPIRY_NOT_FOUND, `${req.symbol} has no options expiring ${req.expiry}.`);
      const perExpiry = await Promise.all(expiries.map((expiry) => this.strikes(req.symbol, expiry, row.tradingClass)));
      const failed = perExpiry.find((r) => !r.ok);
      if (failed && !failed.ok) return failed;
      return ok({
        underConId: req.underConId,
        symbol: req.symbol,
        tradingClass: row.tradingClass,
        multiplier: row.multiplier,
        expiries: expiries.map((expiry, i) => ({ expiry, strikes: (perExpiry[i] as { value: number[] }).value })),
      });
    });
  }

  /** Strikes of one expiry: the calls of that expiry, qualified in one request. */
  private strikes(symbol: string, expiry: string, tradingClass: string): Promise<Reply<number[]>> {
    return this.cache.get(`strikes:${symbol}:${expiry}:${tradingClass}`, async () => {
      const contract: Contract = { symbol, secType: SecType.OPT, lastTradeDateOrContractMonth: expiry, right: OptionType.Call, exchange: 'SMART', currency: 'USD', tradingClass };
      const reply = await this.ask<IbContractDetails[]>(`strikes ${symbol} ${expiry}`, (id, api) => api.reqContractDetails(id, contract));
      if (!reply.ok) return reply.code === LookupCode.CONTRACT_NOT_FOUND ? ok([]) : reply;
      return ok([...new Set(reply.value.map((d) => d.contract?.strike ?? 0).filter((s) => s > 0))].sort((a, b) => a - b));
    });
  }

  private async single(contract: Contract, what: string, priority: Priority = Priority.LOOKUP): Promise<Reply<ContractDetails>> {
    const reply = await this.ask<IbContractDetails[]>(what, (id, api) => api.reqContractDetails(id, contract), priority);
    if (!reply.ok) return reply;
    const details = reply.value.map(toContractDetails).filter((d): d is ContractDetails => d !== undefined);
    const distinct = [...new Map(details.map((d) => [d.conId, d])).values()];
    if (distinct.length === 0) return fail(LookupCode.CONTRACT_NOT_FOUND, `No contract matches ${what}.`);
    if (distinct.length > 1) return fail(LookupCode.CONTRACT_AMBIGUOUS, `${distinct.length} contracts match ${what}; be more specific.`);
    return ok(distinct[0]!);
  }

  private async ask<T>(what: string, write: (reqId: number, api: IBApi) => void, priority: Priority = Priority.LOOKUP): Promise<Reply<T>> {
    const reqId = this.requestIds.allocate();
    this.collected.set(reqId, []);
    let markSent!: () => void;
    const sent = new Promise<void>((resolve) => (markSent = resolve));
    const queued = this.session.send(priority, (api) => {
      write(reqId, api);
      markSent();
    });
    if (!queued) {
      this.collected.delete(reqId);
      return disconnected();
    }
    const reply = await this.pending.wait<T>(reqId, this.timeoutMs, what, sent);
    this.collected.delete(reqId);
    return reply;
  }

  private take(reqId: number): unknown[] {
    const rows = this.collected.get(reqId) ?? [];
    this.collected.delete(reqId);
    return rows;
  }
}

function disconnected() {
  return fail(LookupCode.TWS_DISCONNECTED, 'The gateway is not connected to TWS; try again shortly.', { retryable: true });
}
