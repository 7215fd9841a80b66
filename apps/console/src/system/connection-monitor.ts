import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { Contracts, type ConnectionState, type FeedState } from '@arctrigger/contracts';
import { Bus, CLOCK, type Clock, type TimerHandle } from '@arctrigger/service-kit';
import { reportConnection, staleAfterMs, type ConnectionReport } from './connection-report';

export type ConnectionListener = (report: ConnectionReport) => void;
export type FeedListener = (state: FeedState) => void;

/**
 * The gateway's connection to TWS as last announced on `gw.conn.v1` (a live event, not stored in
 * JetStream), with its age: kept for `/v1/system/connection` and passed on to event streams. The
 * gateway re-announces it every heartbeat; when announcements stop (a killed gateway says nothing)
 * the report turns `unknown` after three missed ones, and listeners hear that too. Each
 * market-data farm's state as last announced on `gw.feed.v1` (live too) is kept beside it.
 */
@Injectable()
export class ConnectionMonitor implements OnModuleInit, OnModuleDestroy {
  private latest: { state: ConnectionState; heardAt: number } | null = null;
  private lastNotified: ConnectionReport | null = null;
  private readonly listeners = new Set<ConnectionListener>();
  private subscriptions: Subscription[] = [];
  private staleTimer?: TimerHandle;
  private readonly feeds = new Map<string, FeedState>();
  private readonly feedListeners = new Set<FeedListener>();

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.subscriptions = [
      this.bus.subscribe(Contracts.ConnectionState, (state) => this.heard(state)),
      this.bus.subscribe(Contracts.FeedState, (state) => {
        this.feeds.set(state.feed, state);
        for (const listener of this.feedListeners) listener(state);
      }),
    ];
  }

  onModuleDestroy(): void {
    this.staleTimer?.cancel();
    for (const s of this.subscriptions) s.unsubscribe();
  }

  /** Null until the gateway has announced its connection since the console started. */
  current(): ConnectionReport | null {
    return this.latest ? reportConnection(this.latest.state, this.latest.heardAt, this.clock.now()) : null;
  }

  /** Calls `listener` on every change (a re-announcement of the same state is none; going unknown is one). */
  listen(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every market-data farm heard of since the console started, with its latest state. */
  feedStates(): FeedState[] {
    return [...this.feeds.values()];
  }

  /** Calls `listener` on every farm state change; returns the function that stops it. */
  listenFeeds(listener: FeedListener): () => void {
    this.feedListeners.add(listener);
    return () => this.feedListeners.delete(listener);
  }

  private heard(state: ConnectionState): void {
    this.latest = { state, heardAt: this.clock.now() };
    this.staleTimer?.cancel();
    this.staleTimer = this.clock.setTimer(staleAfterMs(state) + 1, () => this.notify());
    this.notify();
  }

  private notify(): void {
    const report = this.current();
    if (!report || !isChange(this.lastNotified, report)) return;
    this.lastNotified = report;
    for (const listener of this.listeners) listener(report);
  }
}

function isChange(before: ConnectionReport | null, after: ConnectionReport): boolean {
  return !before || before.status !== after.status || before.at !== after.at || before.reason !== after.reason || before.firingAllowed !== after.firingAllowed || before.code !== after.code;
}
