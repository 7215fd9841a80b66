import { MarketDataLeases, type Bus, type Clock, type MarketCalendar, type TimerHandle } from '@arctrigger/service-kit';
import { WatchlistCommands } from './commands/watchlist-commands';
import type { WatchlistServiceConfig } from './config';
import { isPassingFailure } from './resolution/entry-resolver';
import { nextResolveAt, parseEasternTime, previousResolveAt } from './schedule/resolve-time';
import { WatchlistStore } from './store/watchlist-store';

export interface WatchlistAppDeps {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly calendar: MarketCalendar;
  readonly config: WatchlistServiceConfig;
}

/**
 * The watchlist-service, wired: lists in KV, the commands (answered on the bus by
 * WatchlistCommandsController), quote leases for every listed
 * contract, the daily resolution before the open (and at start when the service missed it), and
 * the retry of entries that failed for a passing reason. Plain code, started by the Nest module in
 * the service process and directly by tests.
 */
export class WatchlistApp {
  private daily: TimerHandle | undefined;
  private retry: TimerHandle | undefined;
  private stopped = false;

  private constructor(
    private readonly deps: WatchlistAppDeps,
    private readonly store: WatchlistStore,
    private readonly leases: MarketDataLeases,
    /** Answered on the bus by WatchlistCommandsController. */
    readonly commands: WatchlistCommands,
  ) {}

  static async start(deps: WatchlistAppDeps): Promise<WatchlistApp> {
    const { bus, clock, calendar, config } = deps;
    const time = parseEasternTime(config.WATCHLIST_RESOLVE_AT_ET);
    const store = await WatchlistStore.open(bus);
    const leases = new MarketDataLeases(bus, clock, `watchlist-service:${bus.options.instanceId}`, config.WATCHLIST_MD_LEASE_TTL_MS);
    const resolver = { bus, clock, leases, quoteWaitMs: config.WATCHLIST_QUOTE_WAIT_MS };
    const commands = new WatchlistCommands(store, resolver, clock, () => nextResolveAt(clock.now(), time, calendar), () => holdListedQuotes(store, leases));
    const app = new WatchlistApp(deps, store, leases, commands);
    await holdListedQuotes(store, leases);
    leases.start();
    // A list last resolved before the latest scheduled time was missed while the service was down.
    const missedSince = previousResolveAt(clock.now(), time, calendar);
    void app.resolveAll((e) => e.resolution.at === null || e.resolution.at < missedSince || isPassingFailure(e.resolution));
    app.scheduleDaily(time);
    app.scheduleRetry();
    return app;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.daily?.cancel();
    this.retry?.cancel();
    this.leases.stop();
  }

  private async resolveAll(which: Parameters<WatchlistCommands['resolve']>[1]): Promise<void> {
    try {
      for (const list of await this.store.all()) {
        if (this.stopped) return;
        const reply = await this.commands.resolve(list.owner, which);
        if (!reply.ok) this.deps.bus.logger.warn({ owner: list.owner, code: reply.code }, `watch list not resolved: ${reply.message}`);
      }
    } catch (error) {
      if (!this.stopped) this.deps.bus.logger.error({ err: error }, 'watch-list resolution failed');
    }
  }

  private scheduleDaily(time: ReturnType<typeof parseEasternTime>): void {
    if (this.stopped) return;
    const { clock, calendar } = this.deps;
    const at = nextResolveAt(clock.now(), time, calendar);
    this.deps.bus.logger.info({ at: new Date(at).toISOString() }, 'watch lists resolve next at');
    this.daily = clock.setTimer(at - clock.now(), () => {
      void this.resolveAll(() => true).finally(() => this.scheduleDaily(time));
    });
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.retry = this.deps.clock.setTimer(this.deps.config.WATCHLIST_RETRY_MS, () => {
      void this.resolveAll((e) => isPassingFailure(e.resolution)).finally(() => this.scheduleRetry());
    });
  }
}

/** Leases every contract a stored resolution names — the underlyings and the listed options — and drops the rest. */
async function holdListedQuotes(store: WatchlistStore, leases: MarketDataLeases): Promise<void> {
  const wanted = new Set<number>();
  for (const list of await store.all()) {
    for (const e of list.entries) {
      if (e.resolution.underConId !== null) wanted.add(e.resolution.underConId);
      for (const o of e.resolution.options) wanted.add(o.conId);
    }
  }
  for (const conId of leases.held()) if (!wanted.has(conId)) leases.unwant(conId);
  for (const conId of wanted) leases.want(conId);
  await leases.beat();
}
