import type { Clock, TimerHandle } from '@arctrigger/service-kit';

/** What a message is for; lower sends first. Orders never wait behind market data or look-ups. */
export const Priority = { ORDER: 0, MARKET_DATA: 1, LOOKUP: 2 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

export interface PacerOptions {
  /** Messages per second, kept under IB's 50/s across every message type. */
  ratePerSec: number;
  /** Tokens that may be spent at once after a quiet spell. */
  burst: number;
}

/**
 * One token bucket for everything the gateway sends to TWS (IB disconnects or answers 100 above
 * 50 messages/s). Queued work is released by priority, then in arrival order, so an order
 * submitted during an option-chain burst goes out with the next token.
 */
export class Pacer {
  private tokens: number;
  private refilledAt: number;
  private readonly queues: Array<Array<() => void>> = [[], [], []];
  private timer: TimerHandle | undefined;
  private sentCount = 0;
  private delayedCount = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: PacerOptions,
  ) {
    this.tokens = options.burst;
    this.refilledAt = clock.now();
  }

  /** Runs `send` now if a token is free and nothing of equal or higher priority waits, else queues it. */
  submit(priority: Priority, send: () => void): void {
    const queue = this.queues[priority]!;
    queue.push(send);
    this.drain();
    // FIFO: whatever is still queued after draining includes what was just submitted.
    if (queue.length > 0) this.delayedCount++;
  }

  /** Messages that had to wait for a token since the pacer was made. */
  get delayed(): number {
    return this.delayedCount;
  }

  /** Messages waiting, per priority. */
  get waiting(): { order: number; marketData: number; lookup: number } {
    return { order: this.queues[0]!.length, marketData: this.queues[1]!.length, lookup: this.queues[2]!.length };
  }

  get sent(): number {
    return this.sentCount;
  }

  /** Drops everything queued (the connection is gone; callers time out or re-send on reconnect). */
  clear(): number {
    const dropped = this.queues.reduce((n, q) => n + q.length, 0);
    for (const q of this.queues) q.length = 0;
    this.timer?.cancel();
    this.timer = undefined;
    return dropped;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.refilledAt) * this.options.ratePerSec) / 1000);
    this.refilledAt = now;
  }

  private drain(): void {
    this.refill();
    for (;;) {
      const queue = this.queues.find((q) => q.length > 0);
      if (!queue) return;
      if (this.tokens < 1) break;
      this.tokens -= 1;
      this.sentCount++;
      queue.shift()!();
    }
    if (this.timer) return;
    const waitMs = Math.ceil(((1 - this.tokens) * 1000) / this.options.ratePerSec);
    this.timer = this.clock.setTimer(waitMs, () => {
      this.timer = undefined;
      this.drain();
    });
  }
}
