import type { AnswerTo, Contracts, PayloadOf, RequestContract } from '@arctrigger/contracts';

type Handler<C extends RequestContract> = (payload: PayloadOf<C>) => AnswerTo<C> | Promise<AnswerTo<C>>;

/** The risk-service's commands and queries (not its checks: those are the fire path, on direct subscriptions). */
export interface RiskCommands {
  release: Handler<typeof Contracts.ReleaseReservation>;
  setTradingState: Handler<typeof Contracts.SetTradingState>;
  panic: Handler<typeof Contracts.Panic>;
  changeLimits: Handler<typeof Contracts.ChangeRiskLimits>;
  limits: Handler<typeof Contracts.GetRiskLimits>;
  positions: Handler<typeof Contracts.GetPositions>;
  adoptPosition: Handler<typeof Contracts.AdoptRiskPosition>;
}
