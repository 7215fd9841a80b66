import { JetStreamApiError } from '@nats-io/jetstream';
import { errors as natsErrors } from '@nats-io/transport-node';
import { isTransientJetStreamError, isWrongLastSequence } from '../src/jetstream/transient-errors';
import { retryTransient } from '../src/jetstream/retry-transient';

const apiError = (code: number, err_code: number, description: string) => new JetStreamApiError({ code, err_code, description });

describe('transient JetStream failures', () => {
  it.each([
    ['no answer in time', new natsErrors.TimeoutError()],
    ['no responders', new natsErrors.NoRespondersError('$KV.triggers.x')],
    ['a publish nobody answered ("jetstream is not enabled")', Object.assign(new Error('jetstream is not enabled'), { name: 'JetStreamNotEnabled' })],
    ['a 503 from a group without a leader', apiError(503, 10008, 'JetStream system temporarily unavailable')],
    ['no peers yet to place a replicated stream on (a cluster forming)', apiError(500, 10005, 'no suitable peers for placement')],
    ['a timeout wrapped as the cause', new Error('request failed', { cause: new natsErrors.TimeoutError() })],
  ])('%s is retried', (_what, error) => {
    expect(isTransientJetStreamError(error)).toBe(true);
  });

  it.each([
    ['a wrong last sequence (someone else wrote)', apiError(400, 10071, 'wrong last sequence: 4')],
    ['a closed connection', new natsErrors.ClosedConnectionError()],
    ['a stream that does not exist', apiError(404, 10059, 'stream not found')],
    ['a bug', new TypeError('x is undefined')],
  ])('%s is not', (_what, error) => {
    expect(isTransientJetStreamError(error)).toBe(false);
  });

  it('a wrong last sequence is told apart from other refusals', () => {
    expect(isWrongLastSequence(apiError(400, 10071, 'wrong last sequence: 4'))).toBe(true);
    expect(isWrongLastSequence(apiError(404, 10059, 'stream not found'))).toBe(false);
  });

  it('retryTransient retries a transient failure until the call succeeds, and throws any other at once', async () => {
    let calls = 0;
    const retried: number[] = [];
    const value = await retryTransient(async () => {
      calls++;
      if (calls < 3) throw new natsErrors.TimeoutError();
      return 'stored';
    }, (_e, attempt) => retried.push(attempt));
    expect(value).toBe('stored');
    expect(retried).toEqual([1, 2]);

    let bugCalls = 0;
    await expect(retryTransient(async () => {
      bugCalls++;
      throw new TypeError('bug');
    })).rejects.toThrow('bug');
    expect(bugCalls).toBe(1);
  });

  it('retryTransient gives up on a transient failure once its time is spent', async () => {
    let calls = 0;
    await expect(retryTransient(async () => {
      calls++;
      throw new natsErrors.TimeoutError();
    }, undefined, 250)).rejects.toBeInstanceOf(natsErrors.TimeoutError);
    expect(calls).toBeGreaterThan(1);
  });
});
