import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { KvBuckets } from '@arctrigger/contracts';
import { Bus, CLOCK, SERVICE_CONFIG, TypedKv, type Clock } from '@arctrigger/service-kit';
import { DEV_ADMIN_TOKEN, type ConsoleConfig } from '../config';
import { hashSecret, issueToken, parseToken, secretMatches } from './api-token';
import type { Principal } from './principal';
import { Role, RoleSchema } from './role';

export const StoredToken = z.object({
  tokenId: z.string(),
  name: z.string(),
  role: RoleSchema,
  secretHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.number().int(),
  createdBy: z.string(),
});
export type StoredToken = z.infer<typeof StoredToken>;

/** A token as listed by the API: everything but its hash. */
export const TokenView = StoredToken.omit({ secretHash: true });
export type TokenView = z.infer<typeof TokenView>;

const BOOTSTRAP_ID = 'bootstrap';

/**
 * API tokens in the `console-tokens` KV bucket (the console keeps none in memory), plus the
 * bootstrap admin token from the environment, held only as its hash.
 */
@Injectable()
export class TokenStore implements OnModuleInit {
  private kv!: TypedKv<typeof StoredToken>;
  private readonly bootstrapHash: string;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: ConsoleConfig,
  ) {
    this.bootstrapHash = hashSecret(config.ARCTRIGGER_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN);
  }

  async onModuleInit(): Promise<void> {
    this.kv = await TypedKv.open(this.bus.nc, KvBuckets.CONSOLE_TOKENS, StoredToken);
  }

  /** The principal a presented token stands for, or undefined when it is unknown or revoked. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (secretMatches(token, this.bootstrapHash)) return { tokenId: BOOTSTRAP_ID, name: 'bootstrap-admin', role: Role.ADMIN };
    const parts = parseToken(token);
    if (!parts) return undefined;
    const record = await this.kv.get(parts.tokenId);
    if (!record || !secretMatches(parts.secret, record.value.secretHash)) return undefined;
    return { tokenId: record.value.tokenId, name: record.value.name, role: record.value.role };
  }

  /** Creates a token; the secret is returned once and never stored. */
  async create(name: string, role: Role, createdBy: string): Promise<TokenView & { token: string }> {
    const issued = issueToken();
    const record: StoredToken = { tokenId: issued.tokenId, name, role, secretHash: issued.secretHash, createdAt: this.clock.now(), createdBy };
    await this.kv.put(issued.tokenId, record);
    return { ...TokenView.parse(record), token: issued.token };
  }

  async list(): Promise<TokenView[]> {
    const entries = await this.kv.entries();
    return entries.map((e) => TokenView.parse(e.value)).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Revokes a token; false when there was none with that id. */
  async revoke(tokenId: string): Promise<boolean> {
    if (!(await this.kv.get(tokenId))) return false;
    await this.kv.delete(tokenId);
    return true;
  }
}
