import { ConfigError } from '../src/errors';
import { natsReplicas } from '../src/jetstream/stream-replicas';

describe('NATS_REPLICAS', () => {
  it('is 1 when unset or empty', () => {
    expect(natsReplicas({})).toBe(1);
    expect(natsReplicas({ NATS_REPLICAS: '' })).toBe(1);
  });

  it('is the configured count on a cluster', () => {
    expect(natsReplicas({ NATS_REPLICAS: '3' })).toBe(3);
  });

  it.each(['0', '6', '2.5', 'three', '-1'])('refuses %s with a message that names the variable', (raw) => {
    expect(() => natsReplicas({ NATS_REPLICAS: raw })).toThrow(ConfigError);
    expect(() => natsReplicas({ NATS_REPLICAS: raw })).toThrow(/NATS_REPLICAS: expected a whole number from 1 to 5/);
  });
});
