/**
 * The connection's one inbox for requests, against a real nats-server: answers reach the request
 * they belong to, and every way a request fails surfaces as the client's own error class.
 */
import { errors as natsErrors, headers, type NatsConnection } from '@nats-io/transport-node';
import { ReplyInbox } from '../src/bus/reply-inbox';
import { BusFixture } from './bus-fixture';

const text = (s: string) => new TextEncoder().encode(s);
const read = (data: Uint8Array) => new TextDecoder().decode(data);

describe('ReplyInbox', () => {
  let fx: BusFixture;
  let admin: NatsConnection;
  beforeAll(async () => {
    fx = await BusFixture.start();
    admin = await fx.connect('admin');
  });
  afterAll(async () => fx.stop());

  it('is one per connection', async () => {
    const other = await fx.connect('admin');
    expect(ReplyInbox.of(admin)).toBe(ReplyInbox.of(admin));
    expect(ReplyInbox.of(other)).not.toBe(ReplyInbox.of(admin));
  });

  it('gives each request its own answer, whatever order the answers come in', async () => {
    const responder = await fx.connect('admin');
    // Answers the requests in reverse order of arrival, once all ten are in.
    const held: Array<{ respond: (d: Uint8Array) => boolean; data: Uint8Array }> = [];
    responder.subscribe('inbox.test.echo', {
      callback: (_e, m) => {
        held.push({ respond: (d) => m.respond(d), data: m.data });
        if (held.length === 10) for (const h of held.reverse()) h.respond(text(`echo:${read(h.data)}`));
      },
    });
    await responder.flush();
    const inbox = ReplyInbox.of(admin);

    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => inbox.request('inbox.test.echo', text(`r${i}`), 5_000)));

    expect(answers.map((m) => read(m.data))).toEqual(Array.from({ length: 10 }, (_, i) => `echo:r${i}`));
    expect(inbox.inFlight).toBe(0);
  });

  it('carries the headers given to it', async () => {
    const responder = await fx.connect('admin');
    responder.subscribe('inbox.test.headers', { callback: (_e, m) => void m.respond(text(m.headers?.get('X-Test') ?? 'none')) });
    await responder.flush();
    const h = headers();
    h.set('X-Test', 'carried');

    const answer = await ReplyInbox.of(admin).request('inbox.test.headers', text(''), 5_000, h);

    expect(read(answer.data)).toBe('carried');
  });

  it('fails with NoRespondersError at once when nobody listens on the subject', async () => {
    const started = Date.now();
    await expect(ReplyInbox.of(admin).request('inbox.test.nobody', text('x'), 10_000)).rejects.toBeInstanceOf(natsErrors.NoRespondersError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(ReplyInbox.of(admin).inFlight).toBe(0);
  });

  it('fails with TimeoutError when the answer does not come in time, and ignores it when it comes later', async () => {
    const responder = await fx.connect('admin');
    let answerLate!: () => void;
    const asked = new Promise<void>((resolve) => {
      responder.subscribe('inbox.test.slow', {
        callback: (_e, m) => {
          answerLate = () => void m.respond(text('late'));
          resolve();
        },
      });
    });
    await responder.flush();
    const inbox = ReplyInbox.of(admin);

    await expect(inbox.request('inbox.test.slow', text('x'), 200)).rejects.toBeInstanceOf(natsErrors.TimeoutError);
    await asked;
    answerLate();
    await responder.flush();
    await admin.flush();
    expect(inbox.inFlight).toBe(0);
    // The inbox still answers the next request.
    responder.subscribe('inbox.test.fast', { callback: (_e, m) => void m.respond(text('fast')) });
    await responder.flush();
    expect(read((await inbox.request('inbox.test.fast', text('x'), 5_000)).data)).toBe('fast');
  });

  it('fails a request to a subject the user may not publish to with the server permission error, not a timeout', async () => {
    const trigger = await fx.connect('trigger-service');
    const started = Date.now();

    const refused = ReplyInbox.of(trigger).request('risk.cmd.panic.v1', text('{}'), 20_000);

    await expect(refused).rejects.toBeInstanceOf(natsErrors.PermissionViolationError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails the requests in flight when the connection closes, and any asked after', async () => {
    const nc = await fx.connect('admin');
    const responder = await fx.connect('admin');
    responder.subscribe('inbox.test.never', { callback: () => undefined });
    await responder.flush();
    const inbox = ReplyInbox.of(nc);

    const inFlight = inbox.request('inbox.test.never', text('x'), 30_000);
    await nc.flush();
    await nc.close();

    await expect(inFlight).rejects.toBeInstanceOf(natsErrors.ClosedConnectionError);
    await expect(inbox.request('inbox.test.never', text('x'), 30_000)).rejects.toBeInstanceOf(natsErrors.ClosedConnectionError);
    expect(inbox.inFlight).toBe(0);
  });
});
