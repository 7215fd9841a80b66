/**
 * The latency tap as a process of its own, forked by the tick-to-order bench (argv[2]: the
 * simulator's port). Reports over IPC: `ready` with its port, every first `placement` as it is
 * stamped; answers `frames` with the tick-frame count and `tick-at` with the tick asked for.
 */
import { LatencyTap } from './latency-tap';
import type { TapReport, TapRequest } from './tap-messages';

async function main(): Promise<void> {
  const send = (report: TapReport) => process.send?.(report);
  const tap = await LatencyTap.start(Number(process.argv[2]));
  tap.onPlacement = (orderRef, at) => send({ kind: 'placement', orderRef, at });
  process.on('message', (request: TapRequest) => {
    if (request.kind === 'frames') send({ kind: 'frames', count: tap.tickFrames });
    if (request.kind === 'tick-at') send({ kind: 'tick-at', id: request.id, tick: tap.tickAt(request.conId, request.price, request.since) ?? null });
  });
  process.on('disconnect', () => void tap.close().then(() => process.exit(0)));
  send({ kind: 'ready', port: tap.port });
}

void main();
