import { Contracts, type MarketRule, type OptionChainRequest, type QualifyContractRequest } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import type { z } from 'zod';
import type { MarketPort } from '../ports/market.port';

/** Contract look-ups at the gateway over the bus; market rules are cached (they do not change). */
export class BusMarketAdapter implements MarketPort {
  private readonly rules = new Map<number, MarketRule>();

  constructor(private readonly bus: Bus) {}

  qualify(request: z.input<typeof QualifyContractRequest>) {
    return this.bus.request(Contracts.QualifyContract, request);
  }

  chain(request: z.input<typeof OptionChainRequest>) {
    return this.bus.request(Contracts.OptionChain, request);
  }

  async marketRule(marketRuleId: number | null): Promise<MarketRule | null> {
    if (marketRuleId === null) return null;
    const cached = this.rules.get(marketRuleId);
    if (cached) return cached;
    const reply = await this.bus.request(Contracts.MarketRule, { marketRuleId });
    if (!reply.ok) return null;
    this.rules.set(marketRuleId, reply.value);
    return reply.value;
  }
}
