import { KvBuckets, type Execution } from '@arctrigger/contracts';
import { TypedKv } from '@arctrigger/service-kit';
import { startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import type { NatsConnection } from '@nats-io/transport-node';
import { ContractRecord, PositionBook } from '../src/positions/position-book';
import { PositionRecord } from '../src/positions/position';

/**
 * Positions shared by risk-service instances through KV (real nats-server): the instances share
 * the executions consumer, so two fills of one trade can be applied by two instances at once.
 */
const DAY = '2026-03-10';
let seq = 0;
function fill(tradeId: string, shares: number, price: number, leg: 'entry' | 'stop' = 'entry', side: 'BUY' | 'SELL' = 'BUY'): Execution {
  seq++;
  return {
    execId: `X${seq}`, orderRef: `${tradeId}.${leg}.1`, ibOrderId: seq, permId: seq, conId: 1001, side, shares, price,
    cumQty: shares, avgPrice: price, exchange: 'CBOE', account: 'DU1', executedAt: 1_000 + seq, reconciled: false,
  } as Execution;
}

describe('position book across instances (real nats-server, KV risk)', () => {
  let nats: TestNatsServer;
  const connections: NatsConnection[] = [];
  const books: PositionBook[] = [];

  const instance = async (): Promise<PositionBook> => {
    const nc = await nats.connectAs('risk-service');
    connections.push(nc);
    const book = new PositionBook(await TypedKv.open(nc, KvBuckets.RISK, PositionRecord), await TypedKv.open(nc, KvBuckets.RISK, ContractRecord));
    await book.load();
    books.push(book);
    return book;
  };
  const stored = async (tradeId: string) => {
    const kv = await TypedKv.open(connections[0]!, KvBuckets.RISK, PositionRecord);
    return (await kv.get(`position.${tradeId}`))?.value;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
  }, 30_000);

  afterAll(async () => {
    for (const b of books) b.stop();
    for (const nc of connections) await nc.close();
    await nats?.stop({ removeStore: true });
  });

  it('position book keeps both fills when two instances apply fills of one trade at the same moment', async () => {
    const [a, b] = [await instance(), await instance()];
    await a.rememberContract(1001, { underlying: 'AAPL', multiplier: 100 });
    await a.applyExecution(fill('P1', 1, 2.0), DAY);
    // Both instances now hold the position; each applies its own fill from that same state.
    await Promise.all([a.applyExecution(fill('P1', 2, 2.5), DAY), b.applyExecution(fill('P1', 3, 3.0), DAY)]);

    const final = await stored('P1');
    expect(final).toMatchObject({ quantity: 6, execIds: expect.arrayContaining(['X1', 'X2', 'X3']) as unknown });
    expect(final?.execIds).toHaveLength(3);
    // 1 × 2.00 + 2 × 2.50 + 3 × 3.00 = 16.00 per share, × 100.
    expect(final?.openedByDay[DAY]).toBe(160_000);
  });

  it('position book creates a new trade\'s position once when two instances see its first fills at the same moment', async () => {
    const [a, b] = [books[0]!, books[1]!];
    await Promise.all([a.applyExecution(fill('P2', 1, 1.0), DAY), b.applyExecution(fill('P2', 1, 1.0), DAY)]);
    const final = await stored('P2');
    expect(final?.quantity).toBe(2);
    expect(final?.execIds.slice().sort()).toEqual(['X4', 'X5']);
  });

  it('position book applies a repeated execution once, whichever instance gets it', async () => {
    const [a, b] = [books[0]!, books[1]!];
    const exec = fill('P3', 2, 1.5);
    await a.applyExecution(exec, DAY);
    await expect(b.applyExecution(exec, DAY)).resolves.toBeUndefined();
    expect(await stored('P3')).toMatchObject({ quantity: 2, execIds: [exec.execId] });
  });

  it('position book counts a closing fill against the position another instance opened, from the stored record', async () => {
    const [a, b] = [books[0]!, books[1]!];
    await a.applyExecution(fill('P4', 3, 2.0), DAY);
    // b may not have heard a's write yet: its compare-and-set finds the stored record first.
    await b.applyExecution(fill('P4', 3, 2.5, 'stop', 'SELL'), DAY);
    expect(await stored('P4')).toMatchObject({ quantity: 0, realizedPnl: 150 });
  });
});
