import { z } from 'zod';
import { Contracts, RiskLimits, RiskLimitsView, TradingStateChanged, TradingStateRecord, TradingStateSchema } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

const tag = 'risk';

export const RiskOverview = z.object({
  /** Null until the risk-service has written a trading state. */
  tradingState: TradingStateRecord.nullable(),
  limits: RiskLimitsView,
});

export const RiskRoutes = {
  overview: defineRoute({
    operationId: 'getRisk', calls: [Contracts.GetRiskLimits], method: 'GET', path: '/v1/risk', role: Role.VIEWER, tag,
    summary: 'Trading state (ACTIVE / REDUCING / HALTED) and risk limits.', response: RiskOverview,
  }),
  limits: defineRoute({
    operationId: 'getRiskLimits', calls: [Contracts.GetRiskLimits], method: 'GET', path: '/v1/risk/limits', role: Role.VIEWER, tag,
    summary: 'Current risk limits and their version.', response: RiskLimitsView,
  }),
  changeLimits: defineRoute({
    operationId: 'changeRiskLimits', calls: [Contracts.ChangeRiskLimits], method: 'PATCH', path: '/v1/risk/limits', role: Role.ADMIN, tag, idempotent: true,
    summary: 'Change some risk limits; an unknown key or a bad value refuses the whole change.',
    body: RiskLimits.partial().strict(), response: RiskLimitsView,
  }),
  kill: defineRoute({
    operationId: 'killSwitch', calls: [Contracts.SetTradingState], method: 'POST', path: '/v1/risk/kill', role: Role.ADMIN, tag, idempotent: true,
    summary: 'Kill switch: halt trading, cancel working opening orders, disarm entry triggers.',
    body: z.object({ reason: z.string().min(1).max(200) }).strict(), response: TradingStateChanged,
  }),
  setTradingState: defineRoute({
    operationId: 'setTradingState', calls: [Contracts.SetTradingState], method: 'POST', path: '/v1/risk/trading-state', role: Role.ADMIN, tag, idempotent: true,
    summary: 'Set the trading state: ACTIVE, REDUCING (closing orders only) or HALTED.',
    body: z.object({ state: TradingStateSchema, reason: z.string().min(1).max(200) }).strict(), response: TradingStateChanged,
  }),
} as const;
