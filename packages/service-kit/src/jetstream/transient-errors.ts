import { JetStreamApiError } from '@nats-io/jetstream';
import { errors as natsErrors } from '@nats-io/transport-node';

/**
 * Whether a JetStream call failed in a way a retry can cure: no answer in time (the stream's or
 * bucket's leader was killed and a new one is being elected, or the connection is re-dialling a
 * node), no responders (no node serves the stream's subject for now), or a 503 from the server
 * ("JetStream system temporarily unavailable", a raft group without a leader), or no peers to place
 * a replicated stream on (10005: a cluster still forming, its nodes not yet known to the meta
 * leader, or a node restarting). Such a call may or may not have been stored: the retry must carry
 * the same Nats-Msg-Id or compare-and-set guard.
 */
export function isTransientJetStreamError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof natsErrors.ClosedConnectionError || e instanceof natsErrors.DrainingConnectionError) return false;
    if (e instanceof natsErrors.TimeoutError) return true;
    if (e instanceof natsErrors.NoRespondersError) return true;
    if (e instanceof natsErrors.RequestError && e.isNoResponders()) return true;
    // The client turns "no responders" on a publish into "jetstream is not enabled".
    if ((e as Error).name === 'JetStreamNotEnabled') return true;
    if (e instanceof JetStreamApiError && (e.status === 503 || e.code === 10008 || e.code === 10005)) return true;
    if (/timeout|no responders|temporarily unavailable|no suitable peers|disconnect|reconnect/i.test((e as Error)?.message ?? '')) return true;
  }
  return false;
}

/** JetStream refused a write because the subject's last sequence is not the expected one (10071). */
export function isWrongLastSequence(error: unknown): boolean {
  if (error instanceof JetStreamApiError && error.code === 10071) return true;
  return /wrong last sequence|key exists|10071/i.test(String((error as Error)?.message ?? error));
}
