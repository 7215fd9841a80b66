import { Controller, Inject } from '@nestjs/common';
import { Contracts } from '@arctrigger/contracts';
import { Bus, CLOCK, type Clock } from '@arctrigger/service-kit';
import { ServiceClient } from '../bus/service-client';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { qualifyRequestOf } from './contract-query';
import { quoteOrThrow } from './first-quote';
import { MarketRoutes as R } from './market.routes';

/** How long the console holds market data for a contract someone asked a quote of. */
const QUOTE_LEASE_MS = 60_000;
/** How long a quote request for a contract with no tick yet waits for its first one. */
const FIRST_QUOTE_WAIT_MS = 3_000;

/** Market look-ups: everything is answered by the gateway. */
@Controller()
export class MarketHttpController {
  constructor(
    private readonly services: ServiceClient,
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Route(R.symbols)
  symbols(@Input() { query }: RouteInput<typeof R.symbols>) {
    return this.services.call(Contracts.SymbolSearch, { pattern: query.q });
  }

  @Route(R.contract)
  contract(@Input() { query }: RouteInput<typeof R.contract>) {
    return this.services.call(Contracts.QualifyContract, qualifyRequestOf(query));
  }

  /** Qualifies the contract, holds a market-data lease on it, and returns the gateway's latest quote (the first one, for a contract just leased). */
  @Route(R.quote)
  async quote(@Input() { query }: RouteInput<typeof R.quote>) {
    const contract = await this.services.call(Contracts.QualifyContract, qualifyRequestOf(query));
    await this.services.call(Contracts.AcquireMarketDataLease, { subscriberId: 'console', conIds: [contract.conId], ttlMs: QUOTE_LEASE_MS });
    const quote = await quoteOrThrow(this.bus, this.clock, contract.conId, FIRST_QUOTE_WAIT_MS);
    return { contract, quote };
  }

  @Route(R.chain)
  async chain(@Input() { query }: RouteInput<typeof R.chain>) {
    const under = await this.services.call(Contracts.QualifyContract, { secType: 'STK', symbol: query.symbol, exchange: 'SMART', currency: 'USD' });
    return this.services.call(Contracts.OptionChain, { symbol: query.symbol, underConId: under.conId, expiry: query.expiry });
  }
}
