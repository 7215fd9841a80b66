import type { Contracts, MarketRule, OptionChainRequest, QualifyContractRequest, ReplyOf } from '@arctrigger/contracts';
import type { z } from 'zod';

/** Contract look-ups at the gateway. */
export interface MarketPort {
  qualify(request: z.input<typeof QualifyContractRequest>): Promise<ReplyOf<typeof Contracts.QualifyContract>>;
  chain(request: z.input<typeof OptionChainRequest>): Promise<ReplyOf<typeof Contracts.OptionChain>>;
  /** A contract's market rule (its valid ticks), cached; null when the gateway cannot give it. */
  marketRule(marketRuleId: number | null): Promise<MarketRule | null>;
}
