import type { AnswerTo, Contracts, PayloadOf, RequestContract } from '@arctrigger/contracts';

type Handler<C extends RequestContract> = (payload: PayloadOf<C>) => AnswerTo<C> | Promise<AnswerTo<C>>;

/**
 * The risk-service's commands and queries (not its checks and reservation releases: those are the
 * risk gate's, served on direct subscriptions by the instance holding the decider lease).
 */
export interface RiskCommands {
  setTradingState: Handler<typeof Contracts.SetTradingState>;
  panic: Handler<typeof Contracts.Panic>;
  changeLimits: Handler<typeof Contracts.ChangeRiskLimits>;
  limits: Handler<typeof Contracts.GetRiskLimits>;
  positions: Handler<typeof Contracts.GetPositions>;
  adoptPosition: Handler<typeof Contracts.AdoptRiskPosition>;
}
