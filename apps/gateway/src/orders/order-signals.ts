import type { OrderRef } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import type { BrokerOrderTracker, OrderSignal } from './broker-order-tracker';

/** How a wait for TWS's answer about an order ended. */
export type WaitOutcome = { kind: 'signal'; signal: OrderSignal } | { kind: 'timeout' } | { kind: 'connection-lost'; reason: string };

/**
 * Waits for the first order signal that settles a command (acknowledgement, rejection, cancel
 * confirmation) — or a timeout, or the loss of connectivity, which make the outcome unknown.
 */
export class OrderSignals {
  private readonly open = new Set<(reason: string) => void>();

  constructor(
    private readonly tracker: BrokerOrderTracker,
    private readonly clock: Clock,
  ) {}

  wait(orderRef: OrderRef, settles: (signal: OrderSignal) => boolean, timeoutMs: number): { outcome: Promise<WaitOutcome> } {
    let finish!: (o: WaitOutcome) => void;
    const outcome = new Promise<WaitOutcome>((resolve) => (finish = resolve));
    let done = false;
    const end = (o: WaitOutcome) => {
      if (done) return;
      done = true;
      unwatch();
      timer.cancel();
      this.open.delete(lost);
      finish(o);
    };
    const unwatch = this.tracker.watch(orderRef, (signal) => {
      if (settles(signal)) end({ kind: 'signal', signal });
    });
    const timer = this.clock.setTimer(timeoutMs, () => end({ kind: 'timeout' }));
    const lost = (reason: string) => end({ kind: 'connection-lost', reason });
    this.open.add(lost);
    return { outcome };
  }

  /** Connectivity lost (socket gone or 1100): every waiting command's outcome becomes unknown. */
  connectionLost(reason: string): void {
    for (const lost of [...this.open]) lost(reason);
  }
}
