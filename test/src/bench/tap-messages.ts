import type { TappedTick } from './latency-tap';

/** What the tap process reports to the bench. */
export type TapReport =
  | { kind: 'ready'; port: number }
  | { kind: 'tick'; tick: TappedTick }
  | { kind: 'placement'; orderRef: string; at: number }
  | { kind: 'frames'; count: number };

/** What the bench asks the tap process. */
export type TapRequest = { kind: 'frames' };
