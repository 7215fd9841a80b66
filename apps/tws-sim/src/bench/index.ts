import { join } from 'node:path';
import { ManualClock } from '@arctrigger/service-kit';
import { EventName, IBApi } from '@stoqey/ib';
import { loadScenarioFile } from '../scenario/load-scenario';
import { startTwsSim } from '../tws-sim';

/**
 * Ticks per second the simulator pushes to one @stoqey/ib client that decodes them: quotes are
 * published through the normal market-data path (encode, frame, socket) as fast as the socket
 * drains, and the client counts the tickPrice events it decodes.
 */
async function main(): Promise<void> {
  const total = Number(process.env.BENCH_TICKS ?? 300_000);
  const loaded = loadScenarioFile(join(__dirname, '..', '..', 'scenarios', 'default.json'));
  if (!loaded.ok) throw new Error(loaded.message);
  const sim = await startTwsSim({ port: 0, scenario: loaded.scenario, clock: new ManualClock('2026-03-02T10:00:00-05:00'), pacingLimit: 10_000 });
  const api = new IBApi({ host: '127.0.0.1', port: sim.port, clientId: 1, maxReqPerSec: 1000 });
  let received = 0;
  let errors505 = 0;
  api.on(EventName.tickPrice, () => received++);
  api.on(EventName.error, (_e: Error, code: number) => (code === 505 ? errors505++ : undefined));
  await new Promise<void>((resolve) => {
    api.once(EventName.nextValidId, () => resolve());
    api.connect(1);
  });
  const stocks = sim.context.registry.stocks();
  stocks.forEach((s, i) => api.reqMktData(i + 1, { symbol: s.symbol, secType: 'STK' as never, exchange: 'SMART', currency: 'USD' }, '', false, false));
  await waitFor(() => received >= stocks.length * 3);
  received = 0;
  const socket = sim.context.hub.subscribedSessions()[0]!.socket;
  const { market } = sim.context;
  const started = performance.now();
  let published = 0;
  let i = 0;
  while (published < total) {
    for (let burst = 0; burst < 500 && published < total; burst++) {
      const stock = stocks[i++ % stocks.length]!;
      const quote = market.quote(stock, sim.clock.now())!;
      const bump = (i % 50) / 100;
      sim.context.hub.publish(stock, { ...quote, bid: quote.bid + bump, ask: quote.ask + bump, last: quote.last + bump });
      published += 3;
    }
    if (socket.writableLength > 4 * 1024 * 1024) await new Promise((r) => socket.once('drain', r));
    else await tick();
  }
  await waitFor(() => received >= total);
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(received / seconds);
  console.log('tws-sim bench: ticks pushed to one @stoqey/ib client that decodes them');
  console.table([{ ticks: received, seconds: Number(seconds.toFixed(2)), 'ticks/s': rate, target: 50_000, ok: rate >= 50_000 && errors505 === 0, 'errors 505': errors505 }]);
  api.disconnect();
  await sim.close();
  if (rate < 50_000 || errors505 > 0) process.exitCode = 1;
}

function tick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

async function waitFor(done: () => boolean): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!done()) {
    if (performance.now() > deadline) throw new Error('bench timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
