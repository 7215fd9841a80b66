import { createServer, type Server, type Socket } from 'node:net';
import { ClientSession } from '../protocol/client-session';
import { FrameReader, MalformedFrameError, encodeFrame } from '../protocol/framing';
import { IbError } from '../protocol/ib-errors';
import { Incoming, MIN_CLIENT_VERSION, SERVER_VERSION } from '../protocol/message-ids';
import { RequestReader } from '../protocol/request-reader';

/** What the server asks of the simulator once a client has started the API. */
export interface SessionHandler {
  onStart(session: ClientSession): void;
  onRequest(session: ClientSession, fields: readonly string[]): void;
  onClose(session: ClientSession): void;
  connectionTime(): string;
}

export interface TwsServerOptions {
  /** Messages per second per client before error 100, read on every message. */
  pacingLimit: () => number;
  wallClock: () => number;
}

/**
 * The TCP side of TWS: handshake with version negotiation, START_API with client-id uniqueness
 * (326), framing, and per-connection isolation: a malformed frame closes that connection only.
 */
export class TwsServer {
  private server: Server | undefined;
  private readonly sessions = new Set<ClientSession>();
  private nextSessionId = 1;
  private refuseUntil = 0;

  constructor(
    private readonly handler: SessionHandler,
    private readonly options: TwsServerOptions,
  ) {}

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  liveSessions(): ClientSession[] {
    return [...this.sessions].filter((s) => s.started && !s.closed);
  }

  /** Drops every connection, as when TWS restarts or the network fails. */
  dropAll(): void {
    for (const s of this.sessions) s.close();
  }

  /** Refuses new connections for a while (TWS down or restarting). */
  refuseFor(ms: number): void {
    this.refuseUntil = this.options.wallClock() + ms;
  }

  async close(): Promise<void> {
    this.dropAll();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (this.options.wallClock() < this.refuseUntil) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const session = new ClientSession(socket, this.nextSessionId++, this.options.pacingLimit, this.options.wallClock);
    this.sessions.add(session);
    const reader = new FrameReader();
    socket.on('data', (chunk) => {
      try {
        for (const frame of reader.push(chunk)) {
          if (session.closed) return;
          if (frame.type === 'hello') this.greet(session, frame.versions);
          else this.dispatch(session, frame.fields);
        }
      } catch (e) {
        if (!(e instanceof MalformedFrameError)) throw e;
        session.sendError(-1, IbError.readError(e.message));
        socket.end();
        session.closed = true;
      }
    });
    const gone = () => {
      if (!this.sessions.delete(session)) return;
      session.closed = true;
      this.handler.onClose(session);
    };
    socket.on('close', gone);
    socket.on('error', gone);
  }

  private greet(session: ClientSession, versions: string): void {
    const match = /^v(\d+)(?:\.\.(\d+))?/.exec(versions);
    const max = match ? Number(match[2] ?? match[1]) : 0;
    if (max < MIN_CLIENT_VERSION) {
      session.close();
      return;
    }
    session.socket.write(encodeFrame([Math.min(max, SERVER_VERSION), this.handler.connectionTime()]));
  }

  private dispatch(session: ClientSession, fields: readonly string[]): void {
    if (!session.started) {
      if (Number(fields[0]) !== Incoming.START_API) {
        session.sendError(-1, IbError.readError(`expected START_API, got message ${fields[0]}`));
        session.close();
        return;
      }
      const r = new RequestReader(fields);
      r.skip(2);
      const clientId = r.int();
      if (this.liveSessions().some((s) => s.clientId === clientId)) {
        session.sendError(-1, IbError.clientIdInUse());
        session.socket.end();
        session.closed = true;
        return;
      }
      session.clientId = clientId;
      session.started = true;
      this.handler.onStart(session);
      return;
    }
    this.handler.onRequest(session, fields);
  }
}
