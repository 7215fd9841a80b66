import type { Subscription } from '@nats-io/transport-node';
import { Contracts, fail, ok, type ContractDetails } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';

/** AAPL's chain: strikes differ by expiry, as at the broker. */
export const CHAIN = [
  { expiry: '20261127', strikes: [220, 222.5, 225, 227.5, 230, 232.5, 235, 237.5, 240] },
  { expiry: '20261204', strikes: [220, 230, 240] },
  { expiry: '20261211', strikes: [220, 222.5, 225, 227.5, 230, 232.5, 235, 237.5, 240] },
];
export const AAPL_CONID = 265598;

/**
 * Plays the gateway's look-ups and market-data leases on the bus, as the gateway user: AAPL and
 * its chain exist, nothing else does. `down` answers every look-up TWS_DISCONNECTED, as the
 * gateway does while TWS is away. Counts what it is asked.
 */
export class GatewayActor {
  down = false;
  price = 231.1;
  readonly leased = new Set<number>();
  readonly asked = { qualify: 0, chain: 0, rule: 0 };
  private readonly subs: Subscription[];

  constructor(bus: Bus) {
    const disconnected = () => fail('TWS_DISCONNECTED', 'not connected to TWS', { retryable: true });
    this.subs = [
      bus.reply(Contracts.QualifyContract, (q) => {
        this.asked.qualify++;
        if (this.down) return disconnected();
        if (q.symbol !== 'AAPL') return fail('CONTRACT_NOT_FOUND', `no contract for ${q.symbol}`);
        if (q.secType === 'STK') return ok(details({ conId: AAPL_CONID, secType: 'STK', localSymbol: 'AAPL', multiplier: 1 }));
        if (!CHAIN.some((e) => e.expiry === q.expiry && e.strikes.includes(q.strike))) return fail('CONTRACT_NOT_FOUND', 'no such option');
        const conId = optionConId(q.expiry, q.strike, q.right);
        return ok(details({ conId, secType: 'OPT', localSymbol: `AAPL ${q.expiry} ${q.strike} ${q.right}`, expiry: q.expiry, strike: q.strike, right: q.right, underConId: AAPL_CONID }));
      }),
      bus.reply(Contracts.OptionChain, () => {
        this.asked.chain++;
        return this.down ? disconnected() : ok({ underConId: AAPL_CONID, symbol: 'AAPL', tradingClass: 'AAPL', multiplier: 100, expiries: CHAIN } as never);
      }),
      bus.reply(Contracts.MarketRule, (q) => {
        this.asked.rule++;
        return ok({ marketRuleId: q.marketRuleId, increments: [{ lowEdge: 0, increment: 0.01 }] });
      }),
      bus.reply(Contracts.QuoteSnapshot, (q) =>
        ok({ conId: q.conId, seq: 1, bid: this.price - 0.01, ask: this.price + 0.01, last: this.price, bidSize: 1, askSize: 1, lastSize: 1, exchangeTime: null, receivedAt: 1 } as never),
      ),
      bus.reply(Contracts.AcquireMarketDataLease, (c) => {
        for (const id of c.conIds) this.leased.add(id);
        return ok({ leases: c.conIds.map((conId) => ({ conId, expiresAt: 2 })) });
      }),
      bus.reply(Contracts.ReleaseMarketDataLease, (c) => {
        for (const id of c.conIds) this.leased.delete(id);
        return ok({ released: c.conIds });
      }),
    ];
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
  }
}

export function optionConId(expiry: string, strike: number, right: 'CALL' | 'PUT'): number {
  return Number(expiry.slice(4)) * 10_000 + strike * 10 + (right === 'CALL' ? 1 : 2);
}

function details(over: Partial<Record<keyof ContractDetails, unknown>>): ContractDetails {
  return {
    conId: 1, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD', localSymbol: 'AAPL',
    tradingClass: 'AAPL', multiplier: 100, minTick: 0.01, marketRuleIds: [32], expiry: null, strike: null, right: null, underConId: null,
    ...over,
  } as ContractDetails;
}
