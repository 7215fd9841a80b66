import type { ConnectionState, FeedState } from '@arctrigger/contracts';

/**
 * Whether the gateway's data can be trusted right now, from `gw.conn.v1` (firingAllowed) and
 * `gw.feed.v1` (per-farm stale flags). Until the gateway has said anything the feed counts as
 * usable: ticks prove liveness, and the per-tick age limit still applies. Any stale farm makes
 * every instrument stale: a farm's instruments are not known here, so the rule is conservative.
 */
export class FeedHealth {
  private firingAllowed = true;
  private readonly staleFarms = new Set<string>();
  private connectionReason = '';

  /** True when ticks may fire triggers (global part; the tick's own age is checked per tick). */
  get usable(): boolean {
    return this.firingAllowed && this.staleFarms.size === 0;
  }

  /** Why the feed is unusable, for the trigger's status reason. */
  get reason(): string | null {
    if (!this.firingAllowed) return `gateway: ${this.connectionReason || 'firing not allowed'}`;
    if (this.staleFarms.size > 0) return `market-data farm stale: ${[...this.staleFarms].join(', ')}`;
    return null;
  }

  /** Applies a connection state; returns true when `usable` changed. */
  onConnection(state: ConnectionState): boolean {
    const before = this.usable;
    this.firingAllowed = state.firingAllowed;
    this.connectionReason = `${state.status}${state.reason ? ` (${state.reason})` : ''}`;
    return before !== this.usable;
  }

  /** Applies a farm's state; returns true when `usable` changed. */
  onFeed(state: FeedState): boolean {
    const before = this.usable;
    if (state.stale) this.staleFarms.add(state.feed);
    else this.staleFarms.delete(state.feed);
    return before !== this.usable;
  }
}
