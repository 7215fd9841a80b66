import { ConnectionStatus, type ConnectionState } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';

/**
 * The gateway's connection state as published on `gw.conn.v1`: connecting → connected, degraded
 * while TWS has lost IB's servers (1100: firing suspended), disconnected while the socket is down.
 * Every announcement carries when it was made and how often the next one comes, so a consumer that
 * stops hearing them knows the state it holds is no longer the gateway's word.
 */
export class ConnectionReporter {
  private state: ConnectionState;

  constructor(
    private readonly clock: Clock,
    private readonly publish: (state: ConnectionState) => void,
    clientId: number,
    private readonly announceIntervalMs: number,
  ) {
    this.state = { status: ConnectionStatus.DISCONNECTED, reason: 'not started', code: null, account: null, clientId, serverVersion: null, firingAllowed: false, at: clock.now() };
  }

  get current(): ConnectionState {
    return this.state;
  }

  connecting(clientId: number, attempt: number): void {
    this.set({ status: ConnectionStatus.CONNECTING, reason: `connecting (attempt ${attempt})`, code: null, clientId, firingAllowed: false });
  }

  connected(info: { clientId: number; account: string | null; serverVersion: number }, reason = 'connected'): void {
    this.set({ status: ConnectionStatus.CONNECTED, reason, code: null, firingAllowed: true, ...info });
  }

  /** Connectivity between TWS and IB lost (1100 …): the socket is up but nothing may fire. */
  degraded(reason: string, code: number): void {
    this.set({ status: ConnectionStatus.DEGRADED, reason, code, firingAllowed: false });
  }

  /** 1101 / 1102: back to connected with the reason. */
  restored(reason: string, code: number): void {
    this.set({ status: ConnectionStatus.CONNECTED, reason, code, firingAllowed: true });
  }

  disconnected(reason: string, code: number | null = null): void {
    this.set({ status: ConnectionStatus.DISCONNECTED, reason, code, firingAllowed: false });
  }

  /** Re-announces the current state: a subscriber that just started learns it, and silence means the gateway is gone. */
  republish(): void {
    this.announce();
  }

  private set(change: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...change, at: this.clock.now() };
    this.announce();
  }

  private announce(): void {
    this.publish({ ...this.state, announcedAt: this.clock.now(), announceIntervalMs: this.announceIntervalMs });
  }
}
