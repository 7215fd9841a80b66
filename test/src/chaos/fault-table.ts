/**
 * The fault matrix as data: one row per named fault, where in a trade's lifecycle it strikes, and
 * in which world (one server, a premarket clock, a 3-node cluster). faults.ts says what each kind
 * does; the runner drives every row's book through the same lifecycle and checks the same five
 * invariants after it.
 */
import type { ServiceName } from '@arctrigger/contracts';

/** Where in the lifecycle of the row's trades the fault strikes. */
export type LifecyclePoint =
  | 'armed' // triggers armed, prices flat
  | 'crossing' // the fault is on while the price crosses the triggers
  | 'firing' // the price has just crossed: fires in flight
  | 'submitted-not-acked' // entries at the broker, callbacks held back
  | 'partially-filled' // an entry filled 1 of 3, then stalled
  | 'filled-not-protected' // entries filled, the stop not yet armed (trigger-service paused)
  | 'exiting' // stops fired, exits at the broker, callbacks held back
  | 'premarket-open' // a premarket hit held for the open; 09:30 passes during the fault
  | 'sweep'; // 100 trades rallying at once (cluster)

export type FaultSpec =
  | { kind: 'kill-9'; service: ServiceName }
  | { kind: 'nats-kill-9' }
  | { kind: 'tws-connectivity'; restored: '1101' | '1102' }
  | { kind: 'socket-drop' }
  | { kind: 'farm-broken' }
  | { kind: 'duplicate-execution' }
  | { kind: 'reordered-callbacks' }
  | { kind: 'fill-after-cancel' }
  | { kind: 'tws-restart-id-rollback'; rollBackIds: number }
  | { kind: 'pacing-violation'; perSecond: number; holdMs: number }
  | { kind: 'sigstop'; service: ServiceName; holdMs: number }
  | { kind: 'twin-killed'; service: 'trigger-service' }
  | { kind: 'cluster-leader-kill-9' }
  | { kind: 'cluster-follower-kill-9' }
  | { kind: 'cluster-node-empty-restart' };

export type World = 'single' | 'premarket' | 'cluster';

export interface FaultRow {
  name: string;
  point: LifecyclePoint;
  fault: FaultSpec;
  world: World;
  /**
   * An outcome the system chooses on purpose under this fault: a trade refused with a reason that
   * matches ends its lifecycle there (the risk gate fails closed when the risk-service cannot
   * answer). The invariants still hold for it: it fired once, and nothing reached the broker.
   */
  refusedOnPurpose?: RegExp;
  /** Part of the representative subset inside `npm test` (one row of each kind that runs on one server). */
  subset?: boolean;
}

/** The risk gate fails closed: a fire the risk-service cannot answer is refused, not sent. */
const RISK_FAILS_CLOSED = /RISK_UNAVAILABLE/;

const KILLED: ServiceName[] = ['gateway', 'trigger-service', 'order-service', 'risk-service', 'console'];
const POINTS: LifecyclePoint[] = ['armed', 'firing', 'submitted-not-acked', 'partially-filled', 'filled-not-protected', 'exiting'];

/** kill -9 of each service at each lifecycle point. */
const KILL_ROWS: FaultRow[] = KILLED.flatMap((service) =>
  POINTS.map((point): FaultRow => ({
    name: `kill -9 ${service} @ ${point}`, point, fault: { kind: 'kill-9', service }, world: 'single', subset: service === 'order-service' && point === 'firing',
    ...(service === 'risk-service' ? { refusedOnPurpose: RISK_FAILS_CLOSED } : {}),
  })),
);

export const FAULT_TABLE: readonly FaultRow[] = [
  ...KILL_ROWS,
  { name: 'kill -9 nats-server (same store) @ firing', point: 'firing', fault: { kind: 'nats-kill-9' }, world: 'single', subset: true },
  { name: 'kill -9 nats-server (same store) @ partially-filled', point: 'partially-filled', fault: { kind: 'nats-kill-9' }, world: 'single' },
  { name: 'TWS 1100 then 1101 @ crossing', point: 'crossing', fault: { kind: 'tws-connectivity', restored: '1101' }, world: 'single', subset: true },
  { name: 'TWS 1100 then 1102 @ submitted-not-acked', point: 'submitted-not-acked', fault: { kind: 'tws-connectivity', restored: '1102' }, world: 'single' },
  { name: 'socket drop during a fill @ partially-filled', point: 'partially-filled', fault: { kind: 'socket-drop' }, world: 'single', subset: true },
  { name: 'farm broken while triggers cross', point: 'crossing', fault: { kind: 'farm-broken' }, world: 'single', subset: true },
  { name: 'duplicate execution callback', point: 'armed', fault: { kind: 'duplicate-execution' }, world: 'single', subset: true },
  { name: 'reordered callbacks (exec before openOrder)', point: 'armed', fault: { kind: 'reordered-callbacks' }, world: 'single', subset: true },
  { name: 'fill after cancel @ partially-filled', point: 'partially-filled', fault: { kind: 'fill-after-cancel' }, world: 'single', subset: true },
  { name: 'TWS restart, order ids roll back @ armed', point: 'armed', fault: { kind: 'tws-restart-id-rollback', rollBackIds: 5 }, world: 'single', subset: true },
  { name: 'TWS restart, order ids roll back @ exiting', point: 'exiting', fault: { kind: 'tws-restart-id-rollback', rollBackIds: 5 }, world: 'single' },
  { name: 'pacing violation (100) @ firing', point: 'firing', fault: { kind: 'pacing-violation', perSecond: 3, holdMs: 3_000 }, world: 'single', subset: true },
  { name: 'SIGSTOP 10 s trigger-service @ firing', point: 'firing', fault: { kind: 'sigstop', service: 'trigger-service', holdMs: 10_000 }, world: 'single' },
  { name: 'SIGSTOP 10 s order-service @ firing', point: 'firing', fault: { kind: 'sigstop', service: 'order-service', holdMs: 10_000 }, world: 'single', subset: true },
  { name: 'SIGSTOP 10 s gateway @ firing', point: 'firing', fault: { kind: 'sigstop', service: 'gateway', holdMs: 10_000 }, world: 'single' },
  { name: 'SIGSTOP 10 s risk-service @ firing', point: 'firing', fault: { kind: 'sigstop', service: 'risk-service', holdMs: 10_000 }, world: 'single', refusedOnPurpose: RISK_FAILS_CLOSED },
  { name: 'two trigger-services, one kill -9 @ firing', point: 'firing', fault: { kind: 'twin-killed', service: 'trigger-service' }, world: 'single', subset: true },
  { name: 'kill -9 order-service while the clock crosses 09:30', point: 'premarket-open', fault: { kind: 'kill-9', service: 'order-service' }, world: 'premarket' },
  { name: 'cluster: kill -9 stream leader mid-sweep of 100 trades', point: 'sweep', fault: { kind: 'cluster-leader-kill-9' }, world: 'cluster' },
  { name: 'cluster: kill -9 a follower @ firing', point: 'firing', fault: { kind: 'cluster-follower-kill-9' }, world: 'cluster' },
  { name: 'cluster: node restarted with an empty store @ firing', point: 'firing', fault: { kind: 'cluster-node-empty-restart' }, world: 'cluster' },
];
