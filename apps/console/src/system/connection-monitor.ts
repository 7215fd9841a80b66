import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { Contracts, type ConnectionState } from '@arctrigger/contracts';
import { Bus } from '@arctrigger/service-kit';

export type ConnectionListener = (state: ConnectionState) => void;

/**
 * The gateway's connection to TWS as last announced on `gw.conn.v1` (a live event, not stored in
 * JetStream): the latest one is kept for `/v1/system/connection` and passed on to event streams.
 */
@Injectable()
export class ConnectionMonitor implements OnModuleInit, OnModuleDestroy {
  private latest: ConnectionState | null = null;
  private readonly listeners = new Set<ConnectionListener>();
  private subscription?: Subscription;

  constructor(private readonly bus: Bus) {}

  onModuleInit(): void {
    this.subscription = this.bus.subscribe(Contracts.ConnectionState, (state) => {
      this.latest = state;
      for (const listener of this.listeners) listener(state);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  current(): ConnectionState | null {
    return this.latest;
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  listen(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
