/* eslint-disable @typescript-eslint/no-explicit-any -- HTTP answers are untyped JSON; tests assert their shape */
import type { NatsConnection } from '@nats-io/transport-node';
import { freePort, startNatsServer, startServiceProcess, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import { Bus, createLogger } from '@arctrigger/service-kit';
import type { ServiceName } from '@arctrigger/contracts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: string;
}

/** A real console process on a real nats-server, and bus actors that play the other services. */
export interface ConsoleFixture {
  nats: TestNatsServer;
  console: ServiceProcess;
  baseUrl: string;
  /** Buses connected as the other services' NATS users. */
  actors: Record<Exclude<ServiceName, 'console'>, Bus>;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** Creates a token of a role with the admin token and returns its secret. */
  tokenFor(role: 'viewer' | 'trader' | 'admin', name?: string): Promise<string>;
  startConsole(env?: Record<string, string>): Promise<{ process: ServiceProcess; baseUrl: string }>;
  stop(): Promise<void>;
}

export async function startConsoleFixture(env: Record<string, string> = {}): Promise<ConsoleFixture> {
  const nats = await startNatsServer();
  const extra: ServiceProcess[] = [];
  const connections: NatsConnection[] = [];
  const startConsole = async (more: Record<string, string> = {}) => {
    const port = await freePort();
    const process = await startServiceProcess({
      app: 'console',
      env: { ...nats.envFor('console'), HTTP_PORT: String(port), ARCTRIGGER_ADMIN_TOKEN: ADMIN_TOKEN, HEARTBEAT_INTERVAL_MS: '60000', ...env, ...more },
    });
    return { process, baseUrl: `http://127.0.0.1:${port}` };
  };
  const main = await startConsole();
  const actor = async (service: Exclude<ServiceName, 'console'>) => {
    const nc = await nats.connectAs(service);
    connections.push(nc);
    return new Bus(nc, { service, instanceId: `test-${service}`, logger: createLogger({ service, instanceId: `test-${service}`, level: 'silent' }) });
  };
  const actors = {
    'order-service': await actor('order-service'),
    'risk-service': await actor('risk-service'),
    gateway: await actor('gateway'),
    'trigger-service': await actor('trigger-service'),
    'watchlist-service': await actor('watchlist-service'),
    auditor: await actor('auditor'),
  };
  const callAt = async (baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> => {
    const token = options.token === undefined ? ADMIN_TOKEN : options.token;
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers };
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
    }
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  const fixture: ConsoleFixture = {
    nats,
    console: main.process,
    baseUrl: main.baseUrl,
    actors,
    call: (method, path, options) => callAt(main.baseUrl, method, path, options),
    async tokenFor(role, name = `${role}-${Math.random().toString(36).slice(2, 8)}`) {
      const res = await callAt(main.baseUrl, 'POST', '/v1/tokens', { body: { name, role } });
      if (res.status !== 201) throw new Error(`could not create a ${role} token: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    async startConsole(more) {
      const started = await startConsole(more);
      extra.push(started.process);
      return started;
    },
    async stop() {
      for (const p of [main.process, ...extra]) await p.stop();
      for (const nc of connections) await nc.close();
      await nats.stop({ removeStore: true });
    },
  };
  return fixture;
}
