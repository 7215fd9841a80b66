import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort, portsBelowEphemeralRange } from '../src/free-port';

function listenOn(port: number): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(() => new Promise((done) => server.close(() => done()))));
  });
}

describe('freePort', () => {
  it('reads the room below the kernel ephemeral range', () => {
    expect(portsBelowEphemeralRange('32768\t60999\n')).toEqual({ low: 10_000, high: 32_767 });
    expect(portsBelowEphemeralRange('10500 60999')).toBeUndefined();
    expect(portsBelowEphemeralRange('')).toBeUndefined();
    expect(portsBelowEphemeralRange(undefined)).toBeUndefined();
    expect(portsBelowEphemeralRange('garbage')).toBeUndefined();
  });

  it('hands out distinct ports below the ephemeral range that a service can then bind', async () => {
    const range = portsBelowEphemeralRange(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'));
    const ports: number[] = [];
    for (let i = 0; i < 40; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      if (range) {
        expect(port).toBeGreaterThanOrEqual(range.low);
        expect(port).toBeLessThanOrEqual(range.high);
      }
    }
    const closers = await Promise.all(ports.map(listenOn));
    await Promise.all(closers.map((close) => close()));
  });
});
