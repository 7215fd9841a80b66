import { AuditViolation, KvBuckets } from '@arctrigger/contracts';
import { TypedKv, type Bus } from '@arctrigger/service-kit';

/** KV keys may not hold `:` and the like: a violation's key is stored hex-encoded. */
function kvKey(key: string): string {
  return `v.${Buffer.from(key, 'utf8').toString('hex')}`;
}

/**
 * The violation ledger in KV `auditor`: what was found, what was done and when to try again —
 * read back whole at start, so a restarted auditor continues where it stopped and never repeats a
 * repair it recorded.
 */
export class ViolationStore {
  private constructor(private readonly kv: TypedKv<typeof AuditViolation>) {}

  static async open(bus: Bus): Promise<ViolationStore> {
    return new ViolationStore(await TypedKv.open(bus.nc, KvBuckets.AUDITOR, AuditViolation));
  }

  async load(): Promise<Map<string, AuditViolation>> {
    const all = await this.kv.entries('v.>');
    return new Map(all.map((e) => [e.value.key, e.value]));
  }

  async save(v: AuditViolation): Promise<void> {
    await this.kv.put(kvKey(v.key), v);
  }

  async forget(key: string): Promise<void> {
    await this.kv.delete(kvKey(key));
  }
}
