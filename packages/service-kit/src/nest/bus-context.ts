import { BaseRpcContext } from '@nestjs/microservices';
import type { MessageContext } from '../bus/bus';

/** The Nest RPC context for a bus message: `ctx.message` gives subject, headers and trace context. */
export class BusContext extends BaseRpcContext<[MessageContext]> {
  get message(): MessageContext {
    return this.getArgByIndex(0) as MessageContext;
  }
}
