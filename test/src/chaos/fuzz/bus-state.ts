/**
 * The bus's state for the fuzzer's before/after comparison: every stream's last sequence and
 * every KV key's revision, without what the system changes by itself while idle (heartbeat-driven
 * leases). Dead letters are allowed to grow, each with a reason. A stream or bucket that does not
 * exist (no service of the world created it: the auditor's, say, when the auditor is not running)
 * is read as `absent`, so one that appears during the run is a state change like any other.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { KvBuckets, Streams, type DeadLetter } from '@arctrigger/contracts';
import { readStream } from '../bus-records';

/** Buckets (or keys, as bucket/key-prefix) rewritten on every heartbeat (and the risk decider lease, every second). */
const SELF_RENEWING = ['trigger-leases/', 'gateway/md-lease', 'gateway/lease', 'risk/decider'];

/** A KV bucket's backing stream (JetStream's naming). */
const kvStream = (bucket: string) => `KV_${bucket}`;

export async function busState(nc: NatsConnection): Promise<Map<string, string>> {
  const jsm = await jetstreamManager(nc);
  const existing = new Set<string>();
  for await (const name of jsm.streams.names()) existing.add(name);
  const state = new Map<string, string>();
  for (const s of Object.values(Streams)) {
    if (s.name === Streams.DEAD_LETTERS.name) continue;
    if (!existing.has(s.name)) {
      state.set(`stream ${s.name}`, 'absent');
      continue;
    }
    const info = await jsm.streams.info(s.name);
    state.set(`stream ${s.name}`, `${info.state.messages} messages, last seq ${info.state.last_seq}`);
  }
  for (const b of Object.values(KvBuckets)) {
    if (!existing.has(kvStream(b.name))) {
      state.set(`kv ${b.name}`, 'absent');
      continue;
    }
    state.set(`kv ${b.name}`, 'present');
    const kv = await new Kvm(nc).open(b.name);
    for await (const key of await kv.keys()) {
      const id = `${b.name}/${key}`;
      if (SELF_RENEWING.some((p) => id.startsWith(p))) continue;
      const e = await kv.get(key);
      if (e) state.set(`kv ${id}`, `revision ${e.revision} ${e.operation}`);
    }
  }
  const letters = existing.has(Streams.DEAD_LETTERS.name) ? await readStream<DeadLetter>(nc, Streams.DEAD_LETTERS.name) : [];
  const unexplained = letters.filter((l) => !l.reason);
  state.set('dead letters without a reason', String(unexplained.length));
  return state;
}

export function diffState(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) out.push(`${k}: ${before.get(k) ?? 'absent'} → ${v}`);
  for (const [k, v] of before) if (!after.has(k)) out.push(`${k}: ${v} → absent`);
  return out;
}
