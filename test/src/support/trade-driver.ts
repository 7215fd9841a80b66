/**
 * Drives trades through the real order-service the way the console does (trade.cmd.* as the
 * console user) and watches their lifecycle on `trade.evt.v1.>`. Shared by the trade end-to-end
 * tests and the tick-to-order bench.
 */
import { Contracts, type ArmTradeCommand, type TradeEvent, type TradeEventOf, type TradeEventType, type TradeState, type TradeView } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import type { SystemHarness } from './system-harness';

export type ArmInput = Omit<ArmTradeCommand, 'takeProfit' | 'premarketPolicy' | 'fireImmediately'> & Partial<ArmTradeCommand>;

/** A stock of a simulator scenario whose price only moves when the test sets it. */
export function flatStock(symbol: string, conId: number, price: number) {
  return { symbol, conId, primaryExchange: 'NASDAQ' as const, price, script: [{ at: 0, price }], options: { weeklyExpiries: 1, monthlyExpiries: 0 } };
}

const FINAL = new Set<TradeState>(['CLOSED', 'REJECTED', 'CANCELLED', 'FAILED']);

type Waiter = (event: TradeEvent) => void;

export class TradeDriver {
  /** Every trade event seen, per trade, in order (indexed: hundreds of trades are awaited at once). */
  private readonly byTrade = new Map<string, TradeEvent[]>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly sub: Subscription;

  private constructor(
    readonly console: Bus,
    readonly gatewayClient: Bus,
    private readonly system: SystemHarness,
  ) {
    this.sub = system.admin.subscribe('trade.evt.v1.>', {
      callback: (_err, msg) => {
        const event = msg.json<TradeEvent>();
        const list = this.byTrade.get(event.tradeId) ?? [];
        list.push(event);
        this.byTrade.set(event.tradeId, list);
        for (const w of [...(this.waiters.get(event.tradeId) ?? [])]) w(event);
      },
    });
  }

  static async start(system: SystemHarness): Promise<TradeDriver> {
    const d = new TradeDriver(await system.bus('console'), await system.bus('order-service'), system);
    await system.admin.flush();
    return d;
  }

  /** The first expiry of `symbol`'s chain and its strike nearest `price`. */
  async optionNear(symbol: string, conId: number, price: number): Promise<{ expiry: string; strike: number }> {
    const chain = await this.gatewayClient.request(Contracts.OptionChain, { symbol, underConId: conId });
    if (!chain.ok) throw new Error(`no chain for ${symbol}: ${chain.message}`);
    const first = [...chain.value.expiries].sort((a, b) => a.expiry.localeCompare(b.expiry))[0]!;
    const strike = first.strikes.reduce((best, s) => (Math.abs(s - price) < Math.abs(best - price) ? s : best), first.strikes[0]!);
    return { expiry: first.expiry, strike };
  }

  async arm(input: ArmInput): Promise<TradeView> {
    const reply = await this.console.request(Contracts.ArmTrade, { premarketPolicy: 'hold', fireImmediately: false, takeProfit: {}, ...input });
    if (!reply.ok) throw new Error(`arm ${input.tradeId ?? input.symbol} refused: ${reply.code} ${reply.message}`);
    return reply.value;
  }

  /** Every recorded event of one trade, in order. */
  history(tradeId: string): TradeEvent[] {
    return [...(this.byTrade.get(tradeId) ?? [])];
  }

  /** Resolves with the first event of `tradeId` matching `predicate` (already seen or future). */
  waitFor(tradeId: string, predicate: (e: TradeEvent) => boolean, timeoutMs: number, what: string): Promise<TradeEvent> {
    const seen = this.history(tradeId).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const set = this.waiters.get(tradeId) ?? new Set<Waiter>();
      this.waiters.set(tradeId, set);
      const timer = setTimeout(() => {
        set.delete(waiter);
        reject(new Error(`${tradeId}: no ${what} within ${timeoutMs} ms; history ${this.describe(tradeId)}`));
      }, timeoutMs);
      const waiter: Waiter = (e) => {
        if (!predicate(e)) return;
        set.delete(waiter);
        clearTimeout(timer);
        resolve(e);
      };
      set.add(waiter);
    });
  }

  /**
   * Resolves with the event that took `tradeId` into `state`; rejects at once when the trade ends
   * in another final state instead (with its history and the final event's detail).
   */
  async reached(tradeId: string, state: TradeState, timeoutMs = 15_000): Promise<TradeEvent> {
    const event = await this.waitFor(tradeId, (e) => e.to === state || FINAL.has(e.to), timeoutMs, `move to ${state}`);
    if (event.to !== state) throw new Error(`${tradeId} ended ${event.to} instead of reaching ${state}: ${JSON.stringify(event.detail)}; history ${this.describe(tradeId)}`);
    return event;
  }

  /** Resolves with the first event of `type` of `tradeId` (and `detail` matching `where`, when given). */
  event<T extends TradeEventType>(tradeId: string, type: T, timeoutMs = 15_000, where: (detail: TradeEventOf<T>['detail']) => boolean = () => true): Promise<TradeEventOf<T>> {
    const ofType = (e: TradeEvent): e is TradeEventOf<T> => e.type === type;
    return this.waitFor(tradeId, (e) => ofType(e) && where(e.detail as TradeEventOf<T>['detail']), timeoutMs, `${type} event`) as Promise<TradeEventOf<T>>;
  }

  private describe(tradeId: string): string {
    return this.history(tradeId).map((e) => `${e.type}->${e.to}`).join(', ');
  }

  async trade(tradeId: string): Promise<TradeView> {
    const reply = await this.console.request(Contracts.GetTrade, { tradeId: tradeId });
    if (!reply.ok) throw new Error(`get ${tradeId}: ${reply.message}`);
    return reply.value.trade;
  }

  /** Simulator placements per orderRef (every order the gateway sent to the simulator). */
  placementsByOrderRef(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const o of this.system.sim!.orders()) counts.set(o.orderRef, (counts.get(o.orderRef) ?? 0) + 1);
    return counts;
  }

  stop(): void {
    this.sub.unsubscribe();
  }
}

/** Risk limits that never stand in the way of a test about something else. */
export const GENEROUS_RISK_ENV: Record<string, string> = {
  RISK_MAX_CONTRACTS_PER_ORDER: '100',
  RISK_MAX_NOTIONAL_PER_ORDER: '1000000',
  RISK_MAX_NOTIONAL_PER_UNDERLYING: '10000000',
  RISK_MAX_NOTIONAL_PER_DAY: '100000000',
  RISK_MAX_OPEN_POSITIONS: '1000',
  RISK_MAX_ORDERS_PER_MINUTE: '100000',
  RISK_DAILY_REALIZED_LOSS_LIMIT: '10000000',
  RISK_DAILY_TOTAL_LOSS_LIMIT: '10000000',
};

