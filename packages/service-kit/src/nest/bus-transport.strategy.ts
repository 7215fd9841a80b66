import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Subscription } from '@nats-io/transport-node';
import { lastValueFrom } from 'rxjs';
import { contractForPattern } from '@arctrigger/contracts';
import type { Bus } from '../bus/bus';
import { UnknownContractError } from '../errors';
import { BusContext } from './bus-context';

/**
 * NestJS transport over the platform Bus. `@MessagePattern(pattern)` and `@EventPattern(pattern)`
 * handlers are bound to the catalogue contract with that pattern and go through exactly the same
 * code path as raw subscriptions: validation on receipt (INVALID_REQUEST reply / dead letter),
 * reply validation, trace context from NATS headers. There is one implementation, not two.
 */
export class BusTransport extends Server implements CustomTransportStrategy {
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly bus: Bus) {
    super();
  }

  listen(callback: () => void): void {
    for (const [pattern, handler] of this.messageHandlers) {
      const contract = contractForPattern(pattern);
      if (!contract) throw new UnknownContractError(pattern);
      if (handler.isEventHandler) {
        if (contract.kind !== 'event') throw new UnknownContractError(`${pattern} (not an event)`);
        this.subscriptions.push(
          this.bus.subscribe(contract, async (payload, ctx) => {
            const result: unknown = await handler(payload, new BusContext([ctx]));
            await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
          }),
        );
      } else {
        if (contract.kind !== 'request') throw new UnknownContractError(`${pattern} (not a request)`);
        this.subscriptions.push(
          this.bus.reply(contract, async (payload, ctx) => {
            const result: unknown = await handler(payload, new BusContext([ctx]));
            return lastValueFrom(this.transformToObservable(result));
          }),
        );
      }
    }
    callback();
  }

  close(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }

  on(): never {
    throw new Error('BusTransport does not emit transport events');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}
