import { ConnectionState, IBApiNext, OrderAction, OrderType, SecType, type IBApiNextError } from '@stoqey/ib';
import { firstValueFrom, filter } from 'rxjs';
import type { TwsSim } from '../src';
import { REGULAR } from './support/scenario';
import { startSim } from './support/sim-fixture';

/** The same surface through IBApiNext (promises / observables); any 505 fails. */
describe('tws-sim conformance with IBApiNext', () => {
  let sim: TwsSim;
  let api: IBApiNext;
  const errors: IBApiNextError[] = [];

  beforeAll(async () => {
    ({ sim } = await startSim(REGULAR));
    api = new IBApiNext({ host: '127.0.0.1', port: sim.port, maxReqPerSec: 1000 });
    api.error.subscribe((e) => errors.push(e));
    api.connect(21);
    await firstValueFrom(api.connectionState.pipe(filter((s) => s === ConnectionState.Connected)));
  });
  afterAll(async () => {
    api.disconnect();
    await sim.close();
  });

  it('answers the look-ups: time, accounts, contract details, option parameters, symbols, market rule', async () => {
    expect(await api.getCurrentTime()).toBe(Math.floor(sim.clock.now() / 1000));
    expect(await api.getManagedAccounts()).toEqual(['DU1234567']);
    const [details] = await api.getContractDetails({ symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
    expect(details?.contract.primaryExch).toBe('ARCA');
    const params = await api.getSecDefOptParams('SPY', '', SecType.STK, 756733);
    expect(params[0]?.strikes.length).toBeGreaterThan(10);
    const symbols = await api.getMatchingSymbols('JP');
    expect(symbols[0]?.contract?.symbol).toBe('JPM');
    expect(await api.getMarketRule(26)).toEqual([{ lowEdge: 0, increment: 0.01 }]);
  });

  it('takes a market data snapshot of an option', async () => {
    const [option] = await api.getContractDetails({ symbol: 'SPY', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', strike: 600, right: 'C' as never });
    const snapshot = await api.getMarketDataSnapshot(option!.contract, '', false);
    expect(snapshot.size).toBeGreaterThan(3);
  });

  it('places an order, sees it open and its execution', async () => {
    const id = await api.getNextValidOrderId();
    await api.placeNewOrder({ symbol: 'JPM', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, {
      action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 3, tif: 'DAY', orderRef: 'next-1', transmit: true,
    });
    const executions = await api.getExecutionDetails({});
    const mine = executions.find((e) => e.execution.orderId === id);
    expect(mine?.execution.orderRef).toBe('next-1');
    const positions = await firstValueFrom(api.getPositions().pipe(filter((u) => (u.all.get('DU1234567')?.length ?? 0) > 0)));
    expect(positions.all.get('DU1234567')?.find((p) => p.contract.symbol === 'JPM')?.pos).toBe(3);
  });

  it('received no 505 and no error at all', () => {
    expect(errors.filter((e) => Number(e.code) === 505)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
