import { connect } from '@nats-io/transport-node';
import { partitionOf } from '../partitions/partition-of';

/**
 * The scale-out floor's subscriber (see scale-bench.ts): a process that does for a tick only what
 * every trigger-service instance must do before any trigger is looked at — receive it on its
 * instrument's subject and parse its JSON — for the instruments of a share of the partitions.
 * n of them running together, each with 1/n of the partitions, against one with all of them,
 * estimate what scaling out can give on this machine at best (the estimate moves by a tenth
 * between runs).
 *
 * Env: NATS_URL, NATS_USER, NATS_PASSWORD; FLOOR_FIRST_CONID and FLOOR_INSTRUMENTS (the bench's
 * instruments); FLOOR_PARTITIONS (the partition count); FLOOR_SHARE (n) and FLOOR_INDEX (k, 0 by
 * default): the partitions p with p % n === k are this process's. Prints `ready` once its
 * subscriptions are at the server.
 */
async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL, user: process.env.NATS_USER, pass: process.env.NATS_PASSWORD });
  const first = Number(process.env.FLOOR_FIRST_CONID);
  const instruments = Number(process.env.FLOOR_INSTRUMENTS);
  const partitions = Number(process.env.FLOOR_PARTITIONS);
  const share = Number(process.env.FLOOR_SHARE);
  const index = Number(process.env.FLOOR_INDEX ?? 0);
  let parsed = 0;
  const onTick = (err: Error | null, msg: { json<T>(): T }) => {
    if (!err && msg.json<{ conId: number }>().conId > 0) parsed++;
  };
  for (let conId = first; conId < first + instruments; conId++) {
    if (partitionOf(conId, partitions) % share === index) nc.subscribe(`md.tick.v1.${conId}`, { callback: onTick });
  }
  await nc.flush();
  process.stdout.write('ready\n');
  // Until the bench kills it; the count keeps the parse from being optimised away.
  process.on('SIGTERM', () => void nc.close().then(() => process.exit(parsed >= 0 ? 0 : 1)));
}

void main().catch((error: unknown) => {
  process.stderr.write(`bare subscriber failed: ${String(error)}\n`);
  process.exit(1);
});
