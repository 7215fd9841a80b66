import { z } from 'zod';
import { Contracts, PositionsView, TradeId, TradeView } from '@arctrigger/contracts';
import { Role } from '../auth/role';
import { defineRoute } from '../http/api-route';

const tag = 'positions';

export const PositionRoutes = {
  list: defineRoute({
    operationId: 'listPositions', calls: [Contracts.GetPositions], method: 'GET', path: '/v1/positions', role: Role.VIEWER, tag,
    summary: 'Positions with quantity, average cost, mid, P&L, greeks and a stale flag; P&L per underlying and for the day.',
    query: z.object({ includeFlat: z.enum(['true', 'false']).transform((v) => v === 'true').default(false) }),
    response: PositionsView,
  }),
  close: defineRoute({
    operationId: 'closePosition', calls: [Contracts.Flatten], method: 'POST', path: '/v1/positions/{tradeId}/close', role: Role.TRADER, tag, idempotent: true,
    summary: "Close a trade's position: sell the whole live quantity at market (same as flatten).",
    params: z.object({ tradeId: TradeId }), response: TradeView,
  }),
} as const;
