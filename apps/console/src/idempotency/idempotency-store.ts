import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { FieldIssue, KvBuckets } from '@arctrigger/contracts';
import { Bus, CLOCK, TypedKv, type Clock } from '@arctrigger/service-kit';

/** What the first call with a key answered (or that it is still running). */
export const IdempotentAnswer = z.object({
  requestHash: z.string(),
  at: z.number().int(),
  outcome: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('pending') }),
    z.object({ kind: z.literal('ok'), body: z.json() }),
    z.object({ kind: z.literal('error'), status: z.number().int(), code: z.string(), message: z.string(), issues: z.array(FieldIssue).optional() }),
  ]),
});
export type IdempotentAnswer = z.infer<typeof IdempotentAnswer>;
export type Outcome = IdempotentAnswer['outcome'];

export type Claim = { kind: 'claimed'; key: string } | { kind: 'existing'; answer: IdempotentAnswer };

/**
 * First answers of idempotent calls, in the shared `idempotency` KV bucket (entries expire after a
 * day). Keys are scoped by token, method and path, so two clients never share an answer.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  private kv!: TypedKv<typeof IdempotentAnswer>;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.kv = await TypedKv.open(this.bus.nc, KvBuckets.IDEMPOTENCY, IdempotentAnswer);
  }

  static keyOf(tokenId: string, method: string, path: string, idempotencyKey: string): string {
    return `console.${sha256(`${tokenId}\n${method}\n${path}\n${idempotencyKey}`)}`;
  }

  static requestHashOf(body: unknown): string {
    return sha256(JSON.stringify(body ?? null));
  }

  /** Claims a key for a new call (compare-and-set), or returns what is already stored under it. */
  async claim(key: string, requestHash: string): Promise<Claim> {
    const created = await this.kv.create(key, { requestHash, at: this.clock.now(), outcome: { kind: 'pending' } });
    if (created.ok) return { kind: 'claimed', key };
    const existing = await this.kv.get(key);
    if (existing) return { kind: 'existing', answer: existing.value };
    return this.claim(key, requestHash);
  }

  async settle(key: string, requestHash: string, outcome: Outcome): Promise<void> {
    await this.kv.put(key, { requestHash, at: this.clock.now(), outcome });
  }

  /** Forgets a claim whose call ended without a definite answer (the service was unavailable). */
  async release(key: string): Promise<void> {
    await this.kv.delete(key);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
