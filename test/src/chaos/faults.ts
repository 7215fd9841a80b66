/**
 * What each kind of fault in the table does: how it is prepared (before the book is armed),
 * injected (at the row's lifecycle point), cleared, and cleaned up after the row. One entry per
 * kind: the table (fault-table.ts) stays data.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { startServiceProcess, type NatsNode, type ServiceProcess, type TestNatsCluster } from '@arctrigger/testkit';
import type { SystemHarness } from '../support/system-harness';
import type { FaultSpec } from './fault-table';

export interface ChaosWorld {
  system: SystemHarness;
  /** Set in the cluster world. */
  cluster?: TestNatsCluster;
  /** Measurements a fault reports (election and reconnect times). */
  note(text: string): void;
}

export interface FaultActions {
  prepare?(world: ChaosWorld): Promise<void>;
  inject(world: ChaosWorld): Promise<void>;
  clear(world: ChaosWorld): Promise<void>;
  cleanup?(world: ChaosWorld): Promise<void>;
}

type Of<K extends FaultSpec['kind']> = Extract<FaultSpec, { kind: K }>;
type Builders = { [K in FaultSpec['kind']]: (spec: Of<K>) => FaultActions };

const sim = (w: ChaosWorld) => w.system.sim!;
const hold = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signal = (p: ServiceProcess, s: NodeJS.Signals) => {
  try {
    process.kill(p.pid, s);
  } catch {
    // Already gone (killed by the fault itself): nothing to continue.
  }
};

/** The cluster node leading the TRADES stream, and one that follows it. */
async function leaderAndFollower(w: ChaosWorld): Promise<{ leader: NatsNode; follower: NatsNode }> {
  const cluster = w.cluster!;
  const leader = await cluster.streamLeader(w.system.admin, 'TRADES');
  if (!leader) throw new Error('TRADES has no leader');
  return { leader, follower: cluster.nodes.find((n) => n !== leader)! };
}

/** Resolves with how long TRADES took to elect a leader other than `gone`. */
async function electionAfter(w: ChaosWorld, gone: NatsNode, since: number): Promise<number> {
  for (;;) {
    // The manager too is made inside the loop: making it asks the JetStream API, which does not
    // answer while the meta leader (often on the killed node too) is being elected.
    const info = await jetstreamManager(w.system.admin).then((jsm) => jsm.streams.info('TRADES')).catch(() => undefined);
    const leader = info?.cluster?.leader;
    if (leader && leader !== gone.name) return Date.now() - since;
    if (Date.now() - since > 60_000) throw new Error('TRADES elected no new leader within 60 s');
    await hold(50);
  }
}

/** Resolves with the time from `since` to the admin connection's next reconnect (or undefined if it never dropped). */
function reconnectWatch(w: ChaosWorld, since: number): { stop(): number | undefined } {
  let at: number | undefined;
  let stopped = false;
  void (async () => {
    for await (const s of w.system.admin.status()) {
      if (stopped) break;
      if (s.type === 'reconnect' && at === undefined) at = Date.now() - since;
    }
  })();
  return {
    stop: () => {
      stopped = true;
      return at;
    },
  };
}

const BUILDERS: Builders = {
  'kill-9': ({ service }) => ({
    inject: (w) => w.system.process(service).kill(),
    clear: async (w) => void (await w.system.startService(service)),
  }),
  'nats-kill-9': () => ({
    inject: (w) => w.system.nats.killAndRestart(),
    clear: async () => undefined,
  }),
  'tws-connectivity': ({ restored }) => ({
    inject: async (w) => sim(w).faults.connectivityLost(),
    clear: async (w) => sim(w).faults.connectivityRestored(restored === '1101'),
  }),
  'socket-drop': () => ({
    inject: async (w) => sim(w).faults.dropConnections(),
    clear: async () => undefined,
  }),
  'farm-broken': () => ({
    inject: async (w) => sim(w).faults.farmBroken(),
    clear: async (w) => sim(w).faults.farmOk(),
  }),
  'duplicate-execution': () => ({
    inject: async (w) => sim(w).faults.duplicateNextExecution(),
    clear: async () => undefined,
  }),
  'reordered-callbacks': () => ({
    inject: async (w) => sim(w).faults.execDetailsBeforeOpenOrder(),
    clear: async () => undefined,
  }),
  'fill-after-cancel': () => ({
    inject: async (w) => sim(w).faults.fillAfterNextCancel(),
    clear: async () => undefined,
  }),
  'tws-restart-id-rollback': ({ rollBackIds }) => ({
    inject: async (w) => sim(w).faults.restart(rollBackIds),
    clear: async () => undefined,
  }),
  'pacing-violation': ({ perSecond, holdMs }) => ({
    inject: async (w) => sim(w).faults.pacingViolation(perSecond),
    clear: async (w) => {
      await hold(holdMs);
      sim(w).faults.pacingRestored();
    },
  }),
  sigstop: ({ service, holdMs }) => ({
    inject: async (w) => signal(w.system.process(service), 'SIGSTOP'),
    clear: async (w) => {
      await hold(holdMs);
      signal(w.system.process(service), 'SIGCONT');
    },
  }),
  'twin-killed': ({ service }) => {
    let twin: ServiceProcess | undefined;
    return {
      prepare: async (w) => {
        twin = await startServiceProcess({ app: service, env: { ...w.system.envFor(service), SERVICE_INSTANCE_ID: `${service}-twin` }, readyTimeoutMs: 120_000 });
      },
      inject: (w) => w.system.process(service).kill(),
      clear: async (w) => void (await w.system.startService(service)),
      cleanup: async () => void (await twin?.stop()),
    };
  },
  'cluster-leader-kill-9': () => {
    let gone: NatsNode | undefined;
    return {
      inject: async (w) => {
        gone = (await leaderAndFollower(w)).leader;
        const at = Date.now();
        const reconnect = reconnectWatch(w, at);
        await gone.kill();
        w.note(`TRADES leader ${gone.name} killed; new leader elected in ${await electionAfter(w, gone, at)} ms`);
        const r = reconnect.stop();
        w.note(r === undefined ? 'the test client was not on the killed node (no reconnect needed)' : `test client reconnected in ${r} ms`);
      },
      clear: async () => void (await gone?.start()),
    };
  },
  'cluster-follower-kill-9': () => {
    let gone: NatsNode | undefined;
    return {
      inject: async (w) => {
        gone = (await leaderAndFollower(w)).follower;
        await gone.kill();
        w.note(`follower ${gone.name} killed`);
      },
      clear: async () => void (await gone?.start()),
    };
  },
  'cluster-node-empty-restart': () => {
    let gone: NatsNode | undefined;
    return {
      inject: async (w) => {
        gone = (await leaderAndFollower(w)).follower;
        await gone.kill();
        gone.removeStore();
        w.note(`${gone.name} killed and its store removed`);
      },
      clear: async () => void (await gone?.start()),
    };
  },
};

export function faultActions(spec: FaultSpec): FaultActions {
  return (BUILDERS[spec.kind] as (s: FaultSpec) => FaultActions)(spec);
}
