import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports handed to tests come from below the kernel's ephemeral range. A port the OS picked for
 * `listen(0)` lies inside that range, and once it is closed the kernel may give it to any outgoing
 * connection (a NATS client, an HTTP request) before the service the test started binds it:
 * EADDRINUSE, a failed test that has nothing to do with the code. Below the range no outgoing
 * connection ever takes a port, so only another listener can, and each pick is checked by binding
 * it and never handed out twice by this process.
 */
const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';
const LOWEST_PORT = 10_000;
const ATTEMPTS = 64;

const handedOut = new Set<number>();

/** The ports below the kernel's ephemeral range, [low, high]; undefined where there is no room. */
export function portsBelowEphemeralRange(rangeFileText: string | undefined): { low: number; high: number } | undefined {
  const ephemeralLow = Number(rangeFileText?.trim().split(/\s+/)[0]);
  if (!Number.isInteger(ephemeralLow) || ephemeralLow - 1 - LOWEST_PORT < 1_000) return undefined;
  return { low: LOWEST_PORT, high: ephemeralLow - 1 };
}

function readRangeFile(): string | undefined {
  try {
    return readFileSync(EPHEMERAL_RANGE_FILE, 'utf8');
  } catch {
    return undefined;
  }
}

/** Binds `port` on 127.0.0.1 and closes it again: the port it got (0 asks the OS), or undefined if it was taken. */
function tryBind(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(undefined) : reject(error)));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/** A TCP port free on 127.0.0.1 right now, outside the range the kernel gives outgoing connections, not handed out before by this process. */
export async function freePort(): Promise<number> {
  const range = portsBelowEphemeralRange(readRangeFile());
  if (range) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const candidate = range.low + Math.floor(Math.random() * (range.high - range.low + 1));
      if (handedOut.has(candidate)) continue;
      if ((await tryBind(candidate)) === candidate) {
        handedOut.add(candidate);
        return candidate;
      }
    }
  }
  // No range file (not Linux) or no free port below it: let the OS pick, as before.
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await tryBind(0);
    if (port !== undefined && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`freePort: no free TCP port on 127.0.0.1 after ${ATTEMPTS} attempts`);
}
