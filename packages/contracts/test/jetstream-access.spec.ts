import { ServiceName } from '../src/core/enums';
import { DurableConsumers, jetStreamAccessFor, streamsOwnedBy, streamsReadBy } from '../src/jetstream-access';
import { permissionsFor } from '../src/nats-permissions';
import { Streams } from '../src/streams';

const services = Object.values(ServiceName);

describe('jetstream access (generated from the catalogue)', () => {
  it.each(services)('%s may not delete or purge a stream, delete a stored message or use the whole API', (service) => {
    const { allow } = jetStreamAccessFor(service);
    expect(allow.filter((s) => /STREAM\.(DELETE|PURGE|MSG\.DELETE)|^\$JS\.API\.>$|^\$JS\.ACK\.>$/.test(s))).toEqual([]);
  });

  it('only the order-service, which publishes trade events, may change the TRADES stream', () => {
    const updaters = services.filter((s) => jetStreamAccessFor(s).allow.includes(`$JS.API.STREAM.UPDATE.${Streams.TRADES.name}`));
    expect(updaters).toEqual(['order-service']);
    expect(streamsReadBy('console').map((s) => s.name)).toContain(Streams.TRADES.name);
    expect(streamsOwnedBy('console').map((s) => s.name)).not.toContain(Streams.TRADES.name);
  });

  it('every durable consumer reads a stream its owner may read, and every other reader is denied it', () => {
    for (const d of Object.values(DurableConsumers)) {
      expect(jetStreamAccessFor(d.owner).allow).toContain(`$JS.API.CONSUMER.MSG.NEXT.${d.stream}.>`);
      expect(jetStreamAccessFor(d.owner).deny).not.toContain(`$JS.API.CONSUMER.DELETE.${d.stream}.${d.name}`);
      for (const other of services.filter((s) => s !== d.owner && jetStreamAccessFor(s).allow.includes(`$JS.API.CONSUMER.MSG.NEXT.${d.stream}.>`))) {
        expect(jetStreamAccessFor(other).deny).toEqual(expect.arrayContaining([`$JS.API.CONSUMER.DELETE.${d.stream}.${d.name}`, `$JS.API.CONSUMER.MSG.NEXT.${d.stream}.${d.name}`]));
      }
    }
  });

  it('only the risk-service may write the trading-state record; the gateway, the console and the order-service (suspend and resume armed trades) may read it', () => {
    expect(services.filter((s) => permissionsFor(s).publish.includes('$KV.trading-state.>'))).toEqual(['risk-service']);
    const readers = services.filter((s) => jetStreamAccessFor(s).allow.includes('$JS.API.DIRECT.GET.KV_trading-state.>'));
    expect(readers.sort()).toEqual(['console', 'gateway', 'order-service', 'risk-service']);
  });
});
