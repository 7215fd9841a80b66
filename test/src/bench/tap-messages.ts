import type { TappedTick } from './latency-tap';

/** What the tap process reports to the bench. */
export type TapReport =
  | { kind: 'ready'; port: number }
  | { kind: 'placement'; orderRef: string; at: number }
  | { kind: 'frames'; count: number }
  | { kind: 'tick-at'; id: number; tick: TappedTick | null };

/**
 * What the bench asks the tap process. Ticks are looked up on request rather than streamed, so
 * the measured system never shares its CPUs with a stream of IPC messages for every passing tick.
 */
export type TapRequest = { kind: 'frames' } | { kind: 'tick-at'; id: number; conId: number; price: number; since: number };
