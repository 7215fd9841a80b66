import { Contracts, type Execution, type MarketTick, type RiskCheckRequest, type TriggerView } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';

let execSeq = 0;

/** Plays the gateway: publishes a fill on the EXECUTIONS stream (Nats-Msg-Id = execId). */
export async function publishFill(
  gateway: Bus,
  fill: { orderRef: string; conId: number; side: 'BUY' | 'SELL'; shares: number; price: number; at: number },
): Promise<Execution> {
  execSeq++;
  const tradeId = fill.orderRef.split('.')[0]!;
  const exec = {
    execId: `exec-${execSeq}`, orderRef: fill.orderRef, ibOrderId: execSeq, permId: 9000 + execSeq, conId: fill.conId,
    side: fill.side, shares: fill.shares, price: fill.price, cumQty: fill.shares, avgPrice: fill.price,
    exchange: 'CBOE', account: 'DU123', executedAt: fill.at, reconciled: false,
  } as Execution;
  await gateway.publishDurable(Contracts.Execution, exec, { params: { tradeId }, msgId: exec.execId });
  return exec;
}

export function tick(conId: number, bid: number, ask: number, at: number): MarketTick {
  return {
    conId, seq: 1, bid, ask, last: null, bidSize: 10, askSize: 10, lastSize: null, exchangeTime: null, receivedAt: at,
    greeks: { impliedVol: 0.3, delta: 0.5, gamma: 0.1, vega: 0.05, theta: -0.02, underlyingPrice: 231 },
  } as MarketTick;
}

/** Plays the order-service: one check, unwrapped. */
export async function check(orderService: Bus, request: RiskCheckRequest) {
  const reply = await orderService.request(Contracts.RiskCheck, request);
  if (!reply.ok) throw new Error(`risk.check failed: ${reply.code} ${reply.message}`);
  return reply.value;
}

export function triggerView(triggerId: string, tradeId: string, purpose: 'entry' | 'stop', status = 'armed'): TriggerView {
  return {
    triggerId, owner: { tradeId, purpose }, conId: 265598, priceSource: 'last', direction: 'above', level: 231.4,
    sessionScope: 'regular', status, statusReason: null, lastPrice: 231, armedAt: 1, updatedAt: 1, revision: 1,
    firedBy: null, firedSession: null,
  } as TriggerView;
}

/** Plays the order-service arming a trade: an arm-time pre-check (v2, purpose `arm`), unwrapped. */
export async function precheck(orderService: Bus, request: RiskCheckRequest) {
  const reply = await orderService.request(Contracts.RiskCheckV2, { ...request, purpose: 'arm' });
  if (!reply.ok) throw new Error(`risk.check.v2 failed: ${reply.code} ${reply.message}`);
  return reply.value;
}

/**
 * A closing sell of a contract the trades hold: the gateway reports a buy of it first, and the
 * check is asked until the risk-service has counted that fill. Returns the closing check's decision.
 */
export async function checkClosingOfHeld(gateway: Bus, orderService: Bus, request: RiskCheckRequest, at: number) {
  await publishFill(gateway, { orderRef: `${request.tradeId}.entry.1`, conId: request.conId, side: 'BUY', shares: request.quantity, price: 2, at });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const decision = await check(orderService, request);
    if (decision.approved || decision.code !== 'CLOSING_EXCEEDS_POSITION' || Date.now() > deadline) return decision;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
