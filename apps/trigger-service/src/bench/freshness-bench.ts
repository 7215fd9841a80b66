import { ConnectionStatus, Session, type MarketTick } from '@arctrigger/contracts';
import { MarketCalendar, type Bus, type Clock, type TimerHandle } from '@arctrigger/service-kit';
import { ConfirmationTimers } from '../app/confirmation-timers';
import { HeldTriggers } from '../app/held-triggers';
import { InstrumentFreshness } from '../app/instrument-freshness';
import type { TriggerStore } from '../app/trigger-store';
import { FeedHealth } from '../feed/feed-health';
import { TriggerIndex } from '../index/trigger-index';
import { makeTrigger, seeded } from './in-process-bench';

/** Time is whatever the bench says; timers are counted, never rung (the tick path alone is measured). */
class BenchClock implements Clock {
  time = 0;
  scheduled = 0;
  now(): number {
    return this.time;
  }
  setTimer(): TimerHandle {
    this.scheduled++;
    return { cancel: () => undefined };
  }
}

export interface ConfirmationResult {
  ticksPerSecond: number;
  timedTriggers: number;
  timersScheduled: number;
  fired: number;
}

export interface FlapResult {
  triggers: number;
  feedChangeMs: number;
  staleTicks: number;
  staleTicksPerSecond: number;
  statusEvents: number;
}

function book(triggers: number, instruments: number, rnd: () => number, timedShare: number, confirmMs: number) {
  const prices = new Float64Array(instruments).map(() => 20 + rnd() * 200);
  const index = new TriggerIndex();
  let timed = 0;
  for (let i = 0; i < triggers; i++) {
    const c = i % instruments;
    const ms = rnd() < timedShare ? confirmMs : 0;
    if (ms > 0) timed++;
    index.add(makeTrigger(i, c + 1, prices[c] as number, rnd, ms));
  }
  return { prices, index, timed };
}

/**
 * The tick path with time confirmation: a share of the book has `confirmation.ms`, every tick
 * goes through the index and then `ConfirmationTimers.afterTick` (which (re)schedules a timer only
 * when an instrument's earliest deadline changes). Fired triggers are re-armed as in the base bench.
 */
export function runConfirmationBench(triggers = 100_000, instruments = 5_000, ticks = 2_000_000, timedShare = 0.2, confirmMs = 50): ConfirmationResult {
  const rnd = seeded(7);
  const { prices, index, timed } = book(triggers, instruments, rnd, timedShare, confirmMs);
  const clock = new BenchClock();
  const timers = new ConfirmationTimers(index, clock, new MarketCalendar(), { mayFire: () => true, fired: () => undefined });
  let next = triggers;
  let fired = 0;
  const step = (i: number) => {
    const c = (i * 7919) % instruments;
    const p = (prices[c] as number) * (1 + (rnd() - 0.5) * 0.004);
    prices[c] = p;
    clock.time = i;
    const n = index.onTick(c + 1, p - 0.01, p + 0.01, p, Session.REGULAR, i);
    if (n > 0) {
      fired += n;
      for (let k = 0; k < n; k++) index.add(makeTrigger(next++, c + 1, p, rnd, rnd() < timedShare ? confirmMs : 0));
    }
    timers.afterTick(c + 1);
  };
  for (let i = 0; i < 200_000; i++) step(i);
  const start = process.hrtime.bigint();
  for (let i = 200_000; i < 200_000 + ticks; i++) step(i);
  const elapsedNs = Number(process.hrtime.bigint() - start);
  return { ticksPerSecond: ticks / (elapsedNs / 1e9), timedTriggers: timed, timersScheduled: clock.scheduled, fired };
}

/**
 * A gateway flap over a large book: the feed goes stale (cost of the change), `staleTicks` ticks
 * arrive meanwhile (each one looks for the triggers it holds back), the feed comes back and every
 * instrument ticks fresh once. Counts the status-changed events published — before coalescing a
 * flap published two per armed trigger, whether anything ticked or not.
 */
export function runFlapBench(triggers = 100_000, instruments = 5_000, staleTicks = 200_000): FlapResult {
  const rnd = seeded(11);
  const { prices, index } = book(triggers, instruments, rnd, 0, 0);
  let statusEvents = 0;
  const bus = { publish: () => void statusEvents++ } as unknown as Bus;
  const store = { records: { get: (id: string) => ({ value: { triggerId: id, owner: { tradeId: 'bench', purpose: 'entry' } } }) } } as unknown as TriggerStore;
  const clock = new BenchClock();
  const feed = new FeedHealth();
  const timers = new ConfirmationTimers(index, clock, new MarketCalendar(), { mayFire: () => true, fired: () => undefined });
  const freshness = new InstrumentFreshness(index, feed, timers, new HeldTriggers(bus, store, clock), 5_000);
  const ticks: MarketTick[] = Array.from({ length: instruments }, (_, c) => ({
    conId: (c + 1) as MarketTick['conId'], seq: 0, bid: null, ask: null, last: prices[c] as number, bidSize: null, askSize: null, lastSize: null, exchangeTime: null, receivedAt: 0,
  }));
  const connection = (firingAllowed: boolean) => ({
    status: firingAllowed ? ConnectionStatus.CONNECTED : ConnectionStatus.DISCONNECTED, reason: 'bench', code: null, account: null, clientId: 1, serverVersion: null, firingAllowed, at: 0,
  });
  const price = (c: number, t: MarketTick) => {
    const p = (prices[c] as number) * (1 + (rnd() - 0.5) * 0.004);
    prices[c] = p;
    t.bid = p - 0.01;
    t.ask = p + 0.01;
    t.last = p;
  };
  for (let c = 0; c < instruments; c++) index.onTick(c + 1, NaN, NaN, prices[c] as number, Session.REGULAR, 0);

  const changeStart = process.hrtime.bigint();
  feed.onConnection(connection(false));
  freshness.onFeedChanged();
  const feedChangeMs = Number(process.hrtime.bigint() - changeStart) / 1e6;
  const start = process.hrtime.bigint();
  for (let i = 0; i < staleTicks; i++) {
    const c = (i * 7919) % instruments;
    const t = ticks[c] as MarketTick;
    price(c, t);
    freshness.onStaleTick(t, Session.REGULAR);
  }
  const elapsedNs = Number(process.hrtime.bigint() - start);
  feed.onConnection(connection(true));
  freshness.onFeedChanged();
  for (let c = 0; c < instruments; c++) freshness.onFreshTick(c + 1);
  return { triggers: index.size, feedChangeMs, staleTicks, staleTicksPerSecond: staleTicks / (elapsedNs / 1e9), statusEvents };
}
