/**
 * Sends generated invalid payloads to every request contract of the catalogue, as the user that
 * may publish it (valid credentials), to the live services; plus the same subject at a version
 * nobody serves. Each answer must be a clear refusal (ok: false with a code and a message) or
 * "no responders" for an unserved version; a timeout is a hang, an accepted payload a failure.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { Contracts, subjectOf, type AnyContract, subjectParams, type RequestContract, type ServiceName } from '@arctrigger/contracts';
import type { SystemHarness } from '../../support/system-harness';
import { PayloadGenerator } from './schema-payloads';
import { SeededRandom } from './seeded-random';

export interface TargetCount {
  target: string;
  sent: number;
  refused: number;
  failures: number;
  /** Generated payloads the schema accepts (not sent). */
  validSkipped: number;
  examples: string[];
}

const TIMEOUT_MS = 10_000;
const CONCURRENCY = 32;

function requestContracts(): RequestContract[] {
  return (Object.values(Contracts) as AnyContract[]).filter((c): c is RequestContract => c.kind === 'request');
}

/** A concrete subject for `c` (placeholders filled with plausible tokens). */
function subjectFor(c: RequestContract): string {
  return subjectOf(c, Object.fromEntries(subjectParams(c).map((p) => [p, p === 'service' ? c.publishers[0]! : 'fuzz'])));
}

/** The same subject at a version no service answers. */
function wrongVersion(subject: string, version: number): string {
  return subject.replace(`.v${version}`, `.v${version + 90}`);
}

const preview = (bytes: Uint8Array) => JSON.stringify(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(0, 120)));

function describeReply(data: Uint8Array): { refused: boolean; text: string } {
  const text = new TextDecoder().decode(data).slice(0, 300);
  try {
    const reply = JSON.parse(new TextDecoder().decode(data)) as { ok?: unknown; code?: unknown; message?: unknown };
    const clear = reply.ok === false && typeof reply.code === 'string' && typeof reply.message === 'string' && reply.message.length > 0;
    return { refused: clear, text };
  } catch {
    return { refused: false, text };
  }
}

export async function fuzzContracts(system: SystemHarness, perContract: number, seed = 22): Promise<TargetCount[]> {
  const connections = new Map<ServiceName, NatsConnection>();
  const as = async (user: ServiceName) => {
    let nc = connections.get(user);
    if (!nc) connections.set(user, (nc = await system.connect(user)));
    return nc;
  };
  const counts: TargetCount[] = [];
  for (const c of requestContracts()) {
    const nc = await as(c.publishers[0]!);
    const subject = subjectFor(c);
    const r = new SeededRandom(seed + counts.length);
    const gen = new PayloadGenerator(c.schema, r);
    const count: TargetCount = { target: `${c.name} v${c.version} (${subject})`, sent: 0, refused: 0, failures: 0, validSkipped: 0, examples: [] };
    const fail = (why: string) => {
      count.failures++;
      if (count.examples.length < 3) count.examples.push(why);
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < perContract) {
          const i = next++;
          const unserved = r.chance(0.01);
          const payload = gen.next();
          const to = unserved ? wrongVersion(subject, c.version) : subject;
          count.sent++;
          try {
            const reply = await nc.request(to, payload.bytes, { timeout: TIMEOUT_MS });
            const seen = describeReply(reply.data);
            if (seen.refused) count.refused++;
            else fail(`#${i} ${to} ${preview(payload.bytes)}: not refused: ${seen.text}`);
          } catch (error) {
            const message = String((error as Error).message ?? error);
            if (unserved && /no responders|503|permissions violation/i.test(message)) count.refused++;
            else if (/max_payload|MAX_PAYLOAD/i.test(message)) count.refused++;
            else fail(`#${i} ${to} ${preview(payload.bytes)}: ${/timeout/i.test(message) ? 'hang (no answer within 10 s)' : message}`);
          }
        }
      }),
    );
    count.validSkipped = gen.validSkipped;
    counts.push(count);
  }
  return counts;
}
