import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';

/** The order a fill (or its commission) belongs to. */
export interface FillOwner {
  readonly orderRef: string;
  /** Unknown for a commission report (IB names only the execId). */
  readonly permId: number | null;
}

/** What identifies the owner in a stored execution or commission (the rest is not needed here). */
const StoredOwner = z.object({ orderRef: z.string().nullable().optional(), permId: z.number().optional() });

/**
 * Whether a fill is the one already stored under its Nats-Msg-Id: same orderRef and, when both
 * carry one, same permId. Anything else is another order's fill under a repeated execution id.
 */
export function isSameOwner(stored: FillOwner, incoming: FillOwner): boolean {
  if (stored.orderRef !== incoming.orderRef) return false;
  return stored.permId === null || incoming.permId === null || stored.permId === incoming.permId;
}

/**
 * The Nats-Msg-Id of a fill whose execution id is already stored for another order: unique to the
 * order, so that fill is stored too and its own repeats are still de-duplicated.
 */
export function reusedIdMsgId(msgId: string, orderRef: string): string {
  return `${msgId}@${orderRef}`;
}

/**
 * Reads back whom a stored fill belongs to. A publish that JetStream answers `duplicate` carries
 * the sequence of the message stored first under that Nats-Msg-Id, so a repeated execution id is
 * told apart from a repeated execution with one read — and only on duplicates, never on a new fill.
 */
export class StoredExecutions {
  private jsm: Promise<JetStreamManager> | undefined;

  constructor(private readonly nc: NatsConnection) {}

  /** The owner of the message at `seq`; undefined when it is gone or names none. */
  async ownerAt(stream: string, seq: number): Promise<FillOwner | undefined> {
    this.jsm ??= jetstreamManager(this.nc);
    const stored = await (await this.jsm).streams.getMessage(stream, { seq });
    if (!stored) return undefined;
    let json: unknown;
    try {
      json = stored.json();
    } catch {
      return undefined;
    }
    const parsed = StoredOwner.safeParse(json);
    if (!parsed.success || !parsed.data.orderRef) return undefined;
    return { orderRef: parsed.data.orderRef, permId: parsed.data.permId ?? null };
  }
}
