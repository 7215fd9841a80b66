import { Contracts, killSwitchDisarmReason, type OrderRef, type TradingStateChanged, type TriggerId } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';

export type KillSwitchReport = Pick<TradingStateChanged, 'cancelledOrders' | 'disarmedTriggers' | 'failures'>;
type Failure = TradingStateChanged['failures'][number];

const LIVE = new Set(['armed', 'waiting-fresh-data']);

/**
 * HALTED: disarm every live entry trigger (stop and take-profit triggers stay armed: positions
 * remain protected) and cancel every working opening order at the broker. Both run at once; a step
 * that cannot complete is reported, never hidden. The trading state is written before this runs,
 * so the gateway already refuses opening orders while it does.
 */
export async function runKillSwitch(bus: Bus, reason: string): Promise<KillSwitchReport> {
  const failures: Failure[] = [];
  const [disarmedTriggers, cancelledOrders] = await Promise.all([disarmEntryTriggers(bus, reason, failures), cancelOpeningOrders(bus, reason, failures)]);
  return { cancelledOrders, disarmedTriggers, failures };
}

async function disarmEntryTriggers(bus: Bus, reason: string, failures: Failure[]): Promise<TriggerId[]> {
  const listed = await bus.request(Contracts.ListTriggers, { purpose: 'entry', includeFinished: false });
  if (!listed.ok) {
    failures.push({ step: 'list-triggers', code: listed.code, message: listed.message });
    return [];
  }
  const live = listed.value.triggers.filter((t) => t.owner.purpose === 'entry' && LIVE.has(t.status));
  const results = await Promise.all(
    live.map(async (t) => ({ id: t.triggerId, reply: await bus.request(Contracts.DisarmTrigger, { triggerId: t.triggerId, reason: killSwitchDisarmReason(reason) }) })),
  );
  const disarmed: TriggerId[] = [];
  for (const { id, reply } of results) {
    if (reply.ok) disarmed.push(id);
    else failures.push({ step: 'disarm-trigger', code: reply.code, message: `${id}: ${reply.message}` });
  }
  return disarmed;
}

async function cancelOpeningOrders(bus: Bus, reason: string, failures: Failure[]): Promise<OrderRef[]> {
  const reply = await bus.request(Contracts.CancelOpeningOrders, { reason: killSwitchDisarmReason(reason) });
  if (reply.ok) return reply.value.cancelled;
  failures.push({ step: 'cancel-opening-orders', code: reply.code, message: reply.message });
  return [];
}
