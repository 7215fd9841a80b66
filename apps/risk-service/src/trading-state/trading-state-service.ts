import { Contracts, fail, ok, TradingState, type Reply, type TradingStateChanged, type TradingStateRecord } from '@arctrigger/contracts';
import type { Bus, Clock } from '@arctrigger/service-kit';
import { SerialQueue } from '../book/serial-queue';
import { runKillSwitch, type KillSwitchReport } from './kill-switch';
import { transitionTradingState, type TradingStateEvent } from './trading-state-machine';
import type { TradingStateStore } from './trading-state-store';

const NOTHING_DONE: KillSwitchReport = { cancelledOrders: [], disarmedTriggers: [], failures: [] };

/**
 * Moves the trading state: checks the transition table, writes KV first (the gateway re-checks it
 * before any opening order), runs the kill switch when the state becomes HALTED, and publishes
 * `risk.evt.trading-state.v1` with what was cancelled and disarmed. One change at a time.
 */
export class TradingStateService {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly store: TradingStateStore,
    private readonly bus: Bus,
    private readonly clock: Clock,
  ) {}

  apply(event: TradingStateEvent, reason: string, actor: string): Promise<Reply<TradingStateChanged>> {
    return this.queue.run(async () => {
      const previous = this.store.current();
      const transition = transitionTradingState(previous.state, event);
      if (!transition.ok) return fail(transition.code, transition.message);
      const current: TradingStateRecord = { state: transition.to, reason, changedBy: actor, at: this.clock.now() };
      await this.store.write(current);
      const report = transition.to === TradingState.HALTED ? await runKillSwitch(this.bus, reason) : NOTHING_DONE;
      const changed: TradingStateChanged = { previous: previous.state, current, ...report };
      await this.bus.publishDurable(Contracts.TradingStateChanged, changed, { msgId: `trading-state:${current.at}:${current.state}:${actor}` });
      this.bus.logger.warn({ from: previous.state, to: current.state, reason, actor, ...report }, 'trading state changed');
      return ok(changed);
    });
  }
}
