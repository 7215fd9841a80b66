import type { INestMicroservice } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Contracts, Streams, type ArmTriggerCommand, type ConId, type MarketTick, type TradeId, type TriggerId } from '@arctrigger/contracts';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Bus, MarketCalendar, SystemClock, createLogger, ensureStreams, serveBusHandlers, startTracing, type Clock, type Tracing } from '@arctrigger/service-kit';
import { BusRecorder, eventually, startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import type { TriggerMetrics } from '../../src/app/trigger-metrics';
import { TriggerRuntime } from '../../src/app/trigger-runtime';
import { TriggerCommandsController } from '../../src/commands/trigger-commands.controller';
import { TriggerRuntimeProvider } from '../../src/trigger-runtime.provider';

/** A Tuesday, 10:00 US/Eastern: regular session. */
export const REGULAR_AT = Date.parse('2026-03-10T14:00:00Z');
/** The same day, 08:00 US/Eastern: premarket. */
export const PREMARKET_AT = Date.parse('2026-03-10T12:00:00Z');

/** A clock that runs in real time from a chosen instant (so sessions are deterministic). */
export class ShiftedClock implements Clock {
  private offset: number;
  private readonly system = new SystemClock();
  constructor(at: number) {
    this.offset = at - Date.now();
  }
  now(): number {
    return Date.now() + this.offset;
  }
  jumpTo(at: number): void {
    this.offset = at - Date.now();
  }
  setTimer(delayMs: number, callback: () => void) {
    return this.system.setTimer(delayMs, callback);
  }
}

export const fastConfig = {
  TRIGGER_PARTITIONS: 8,
  TRIGGER_LEASE_TTL_MS: 1_500,
  TRIGGER_HEARTBEAT_MS: 300,
  TRIGGER_MAX_TICK_AGE_MS: 2_000,
  MD_LEASE_TTL_MS: 5_000,
  /** The service's default: a fire's record is written behind its notice. */
  TRIGGER_FIRE_RECORD_DELAY_MS: 20,
};

let armSeq = 0;
export function armCommand(over: Partial<ArmTriggerCommand> = {}): ArmTriggerCommand {
  armSeq++;
  return {
    triggerId: `trg-${armSeq}-${Math.random().toString(36).slice(2, 8)}` as TriggerId,
    owner: { tradeId: `trade-${armSeq}` as TradeId, purpose: 'entry' },
    conId: 1001 as ConId,
    priceSource: 'last',
    direction: 'above',
    level: 100,
    sessionScope: 'regular',
    ifMetOnArm: 'reject',
    ...over,
  };
}

/** One nats-server with helpers to run trigger runtimes in-process and play the gateway and order-service. */
export class TriggerFixture {
  readonly runtimes: TriggerRuntime[] = [];
  private readonly handlers: INestMicroservice[] = [];
  private readonly handlersOf = new Map<TriggerRuntime, INestMicroservice>();
  private readonly busOfRuntime = new Map<TriggerRuntime, Bus>();
  readonly spans = new InMemorySpanExporter();
  private readonly connections: NatsConnection[] = [];
  private readonly tracing: Tracing;
  private constructor(readonly nats: TestNatsServer) {
    this.tracing = startTracing({ service: 'trigger-service', version: 'test', instanceId: 'test', exporter: this.spans });
  }

  static async start(): Promise<TriggerFixture> {
    const nats = await startNatsServer();
    const admin = await nats.connectAs('admin');
    await ensureStreams(admin, Object.values(Streams));
    await admin.close();
    return new TriggerFixture(nats);
  }

  async bus(user: 'gateway' | 'order-service' | 'trigger-service' | 'admin', instanceId: string = user): Promise<Bus> {
    const nc = await this.nats.connectAs(user);
    this.connections.push(nc);
    return new Bus(nc, { service: user, instanceId, logger: createLogger({ service: user, instanceId, level: 'warn' }) });
  }

  async runtime(instanceId: string, clock: Clock, config: Partial<typeof fastConfig> = {}, metrics?: TriggerMetrics): Promise<TriggerRuntime> {
    const bus = await this.bus('trigger-service', instanceId);
    const runtime = new TriggerRuntime({
      bus,
      clock,
      calendar: new MarketCalendar(),
      config: { ...fastConfig, ...config },
      instanceId,
      logger: createLogger({ service: 'trigger-service', instanceId, level: 'warn' }),
      metrics,
    });
    // As the service process does: load, answer the commands (Nest on the bus), then take on work.
    await runtime.load();
    const handlers = await serveBusHandlers(bus, { controllers: [TriggerCommandsController], providers: [{ provide: TriggerRuntimeProvider, useValue: { runtime } }] });
    this.handlers.push(handlers);
    this.handlersOf.set(runtime, handlers);
    await runtime.startWork();
    this.runtimes.push(runtime);
    this.busOfRuntime.set(runtime, bus);
    return runtime;
  }

  /**
   * Resolves once `runtime` evaluates the trigger: the owner learns of an arm through its KV watch,
   * which may come after the `armed` event, and its tick subscription must reach the server before
   * a tick from another connection can find it.
   */
  async evaluating(runtime: TriggerRuntime, triggerId: string): Promise<void> {
    await eventually(() => runtime.engine.index.has(triggerId), { what: `${triggerId} evaluated` });
    await this.busOfRuntime.get(runtime)!.nc.flush();
  }

  async recorder(subject = 'trg.evt.v1.>'): Promise<BusRecorder> {
    const nc = await this.nats.connectAs('admin');
    this.connections.push(nc);
    return BusRecorder.start(nc, subject);
  }

  /** Stops one instance as its process would: its command handlers first, then the runtime. */
  async stopRuntime(runtime: TriggerRuntime): Promise<void> {
    await this.handlersOf.get(runtime)?.close();
    await runtime.stop();
  }

  async stop(): Promise<void> {
    for (const h of this.handlers) await h.close().catch(() => undefined);
    for (const r of this.runtimes) await r.stop().catch(() => undefined);
    for (const nc of this.connections) await nc.close().catch(() => undefined);
    await this.nats.stop({ removeStore: true });
    await this.tracing.shutdown();
  }
}

export function tick(conId: number, at: number, prices: Partial<Pick<MarketTick, 'bid' | 'ask' | 'last'>>, seq = 1): MarketTick {
  return {
    conId: conId as ConId,
    seq,
    bid: prices.bid ?? null,
    ask: prices.ask ?? null,
    last: prices.last ?? null,
    bidSize: null,
    askSize: null,
    lastSize: null,
    exchangeTime: null,
    receivedAt: at,
  };
}

export function publishTick(gateway: Bus, t: MarketTick): void {
  gateway.publish(Contracts.MarketTick, t, { params: { conId: t.conId }, trace: false });
}
