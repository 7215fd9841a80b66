/* eslint-disable @typescript-eslint/no-explicit-any -- HTTP answers are untyped JSON; tests assert their shape */
import type { Subscription } from '@nats-io/transport-node';
import type { RequestContract } from '@arctrigger/contracts';
import type { Bus, RequestHandler } from '@arctrigger/service-kit';

/** Bus responders a test installs to play a service; `clear()` removes them all. */
export class Responders {
  private readonly subscriptions: Subscription[] = [];
  /** Every request each contract received, in order. */
  readonly received = new Map<string, unknown[]>();

  async answer<C extends RequestContract>(bus: Bus, contract: C, handler: RequestHandler<C>): Promise<void> {
    const seen: unknown[] = [];
    this.received.set(contract.name, seen);
    this.subscriptions.push(
      bus.reply(contract, (payload, ctx) => {
        seen.push(payload);
        return handler(payload, ctx);
      }),
    );
    await bus.nc.flush();
  }

  requestsOf(contract: RequestContract): any[] {
    return (this.received.get(contract.name) ?? []) as any[];
  }

  clear(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    this.received.clear();
  }
}
