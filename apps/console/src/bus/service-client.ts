import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { ErrorReply, RequestContract } from '@arctrigger/contracts';
import { Bus } from '@arctrigger/service-kit';
import { apiErrorOf } from '../http/reply-status';

type Value<C extends RequestContract> = Extract<z.output<C['reply']>, { ok: true }> extends { value: infer V } ? V : never;

/**
 * Asks a service over the bus and returns the success value; any `{ ok: false }` answer (from the
 * service or from the bus: timeout, no responders) is thrown as the ApiError the console answers with.
 */
@Injectable()
export class ServiceClient {
  constructor(private readonly bus: Bus) {}

  async call<C extends RequestContract>(contract: C, payload: z.input<C['schema']>): Promise<Value<C>> {
    const reply = (await this.bus.request(contract, payload)) as { ok: true; value: Value<C> } | ErrorReply;
    if (!reply.ok) throw apiErrorOf(contract, reply);
    return reply.value;
  }
}
