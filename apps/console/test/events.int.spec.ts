/* eslint-disable @typescript-eslint/no-explicit-any -- SSE data is untyped JSON */
import { Contracts, type TradeEvent } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { ADMIN_TOKEN, startConsoleFixture, type ConsoleFixture } from './support/console-fixture';
import { tradeEvent } from './support/builders';
import { SseClient } from './support/sse-client';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function publishTrade(bus: Bus, event: TradeEvent): Promise<void> {
  await bus.publishDurable(Contracts.TradeEvent, event, { params: { tradeId: event.tradeId }, msgId: `${event.tradeId}:${event.seq}` });
}

async function publishHalt(bus: Bus, at: number): Promise<void> {
  await bus.publishDurable(
    Contracts.TradingStateChanged,
    { previous: 'ACTIVE', current: { state: 'HALTED', reason: 'test', changedBy: 'ops', at }, cancelledOrders: [], disarmedTriggers: [], failures: [] },
    { msgId: `state:${at}` },
  );
}

describe('console event stream (SSE) over JetStream', () => {
  let f: ConsoleFixture;

  beforeAll(async () => {
    f = await startConsoleFixture({ SSE_KEEPALIVE_MS: '500' });
  }, 60_000);
  afterAll(async () => f.stop());

  const orders = () => f.actors['order-service'];
  const risk = () => f.actors['risk-service'];

  it('resumes without loss or duplicates after a reconnect with Last-Event-ID', async () => {
    await publishTrade(orders(), tradeEvent('OLD', 1, 'ARMED'));
    const first = await SseClient.connect(`${f.baseUrl}/v1/events`, auth);
    await publishTrade(orders(), tradeEvent('R1', 1, 'ARMED'));
    await publishTrade(orders(), tradeEvent('R1', 2, 'FIRED', 'ARMED'));
    await publishHalt(risk(), 1);
    // Alerts (the halt raises KILL_SWITCH_CHANGED) stream beside these, on their own stream and timing.
    const notAlert = (m: { event: string }) => m.event !== 'alert';
    const seen = await first.waitForCount(3, 10_000, notAlert);
    first.close();

    // While the client is away: events on every stream.
    await publishTrade(orders(), tradeEvent('R1', 3, 'SUBMITTING', 'FIRED'));
    await publishTrade(orders(), tradeEvent('R2', 1, 'PREMARKET_HIT', 'ARMED'));
    await publishHalt(risk(), 2);

    const second = await SseClient.connect(`${f.baseUrl}/v1/events`, { ...auth, 'last-event-id': first.lastEventId! });
    await publishTrade(orders(), tradeEvent('R1', 4, 'WORKING', 'SUBMITTING'));
    const resumed = await second.waitForCount(4, 10_000, notAlert);
    second.close();

    const key = (m: { event: string; data: any }) => (m.data.tradeId ? `${m.event}:${m.data.tradeId}:${m.data.seq}` : `${m.event}:${m.data.current.at}`);
    // Each stream keeps its own order; two streams' consumers do not order against each other.
    expect(seen.map(key).sort()).toEqual(['risk-state:1', 'trade:R1:1', 'trade:R1:2']);
    expect(seen.filter((m) => m.event !== 'risk-state').map(key)).toEqual(['trade:R1:1', 'trade:R1:2']);
    expect(resumed.map(key).sort()).toEqual(['premarket-decision:R2:1', 'risk-state:2', 'trade:R1:3', 'trade:R1:4'].sort());
    expect(resumed.filter((m) => m.event !== 'risk-state').map(key)).toEqual(['trade:R1:3', 'premarket-decision:R2:1', 'trade:R1:4']);
    expect(second.events.filter(notAlert)).toHaveLength(4);
    const alertIds = [...first.events, ...second.events].filter((m) => !notAlert(m)).map((m) => m.id);
    expect(new Set(alertIds).size).toBe(alertIds.length); // an alert seen before the reconnect is not sent again
    expect(resumed.every((m) => /^TRADES:\d+,EXECUTIONS:\d+,TRIGGER_EVENTS:\d+,RISK_EVENTS:\d+,ALERTS:\d+$/.test(m.id ?? ''))).toBe(true);
  });

  it('starts a new client at the end of the streams, and passes connection changes on live', async () => {
    await publishTrade(orders(), tradeEvent('N0', 1, 'ARMED'));
    const client = await SseClient.connect(`${f.baseUrl}/v1/events`, auth);
    f.actors.gateway.publish(Contracts.ConnectionState, { status: 'degraded', reason: '1100', code: 1100, account: 'DU1', clientId: 0, serverVersion: 176, firingAllowed: false, at: 5 });
    await publishTrade(orders(), tradeEvent('N1', 1, 'ARMED'));
    const events = await client.waitForCount(2);
    client.close();
    expect(events.map((e) => e.event).sort()).toEqual(['connection', 'trade']);
    expect(events.find((e) => e.event === 'trade')?.data).toMatchObject({ tradeId: 'N1' });
    expect(events.find((e) => e.event === 'connection')?.data).toMatchObject({ status: 'degraded', firingAllowed: false });
  });

  it('follows one trade from the start of its history: its transitions only, in order, then live', async () => {
    await publishTrade(orders(), tradeEvent('F1', 1, 'ARMED'));
    await publishTrade(orders(), tradeEvent('F2', 1, 'ARMED'));
    await publishTrade(orders(), tradeEvent('F1', 2, 'FIRED', 'ARMED'));
    await publishHalt(risk(), 10);
    const client = await SseClient.connect(`${f.baseUrl}/v1/events?tradeId=F1&from=start`, auth);
    await publishTrade(orders(), tradeEvent('F2', 2, 'FIRED', 'ARMED'));
    await publishTrade(orders(), tradeEvent('F1', 3, 'SUBMITTING', 'FIRED'));
    const events = await client.waitForCount(3);
    client.close();
    expect(events.map((e: { event: string; data: any }) => `${e.event}:${e.data.tradeId}:${e.data.seq}`)).toEqual(['trade:F1:1', 'trade:F1:2', 'trade:F1:3']);
  });

  it('refuses a trade id that is not one, and changes nothing', async () => {
    const res = await fetch(`${f.baseUrl}/v1/events?tradeId=${encodeURIComponent('a.b>')}&from=start`, { headers: auth });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['query.tradeId']);
  });
});
