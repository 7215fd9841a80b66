import { DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { Contracts, parseOrderRef, RiskDecided, Streams } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';

/**
 * The risk decisions as a log (stream RISK_DECISIONS, subject `risk.decision.v1.<orderRef>`). A
 * decision is published the moment it is taken, before the asker's answer and without waiting for
 * the store's acknowledgement: the gateway hears it as the stream stores it. The acknowledgements
 * are folded in the background into the highest sequence stored so far, which the book's snapshot
 * records (`coveredSeq`); after a crash the book is its snapshot plus the decisions after it.
 */
export class DecisionLog {
  /** The highest stream sequence of every decision published so far (0 when none was acknowledged). */
  private covered: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly bus: Bus,
    private readonly instanceId: string,
  ) {}

  get logger(): Bus['logger'] {
    return this.bus.logger;
  }

  /**
   * Publishes a decision of an order with an orderRef; false when it has none (nothing to hear it
   * by: the caller must make that decision durable itself before answering).
   */
  publish(decided: Omit<RiskDecided, 'decidedBy'>): boolean {
    const ref = parseOrderRef(decided.orderRef);
    if (!ref) return false;
    const ack = this.bus
      .publishDurable(Contracts.RiskDecided, { ...decided, decidedBy: this.instanceId }, {
        params: { tradeId: ref.tradeId, leg: ref.leg, attempt: ref.attempt },
        msgId: `${decided.checkId}@${decided.decidedAt}`,
      })
      .then((a) => a.seq, (error: unknown) => {
        // Heard or not by the gateway, it is unknown whether it was stored: the snapshot after it
        // is written anyway (it holds the decision) and covers up to the last sequence known.
        this.bus.logger.warn({ err: error, checkId: decided.checkId }, 'risk decision not acknowledged by RISK_DECISIONS');
        return 0;
      });
    const before = this.covered;
    this.covered = Promise.all([before, ack]).then(([a, b]) => Math.max(a, b));
    return true;
  }

  /** Resolves with the highest sequence among the decisions published until now, once all are acknowledged. */
  coveredSoFar(): Promise<number> {
    return this.covered;
  }

  /**
   * Reads the decisions stored after `afterSeq`, up to the stream's last message at the time of the
   * call, in order; invalid entries are skipped (logged). Returns the last sequence read.
   */
  async replayAfter(afterSeq: number, apply: (decided: RiskDecided, seq: number) => void): Promise<number> {
    const jsm = await jetstreamManager(this.bus.nc);
    const info = await jsm.streams.info(Streams.RISK_DECISIONS.name);
    const last = info.state.last_seq;
    if (info.state.messages === 0 || last <= afterSeq) return Math.max(afterSeq, last);
    const consumer = await this.bus.jetstream.consumers.get(Streams.RISK_DECISIONS.name, {
      deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(afterSeq + 1, info.state.first_seq),
    });
    const messages = await consumer.consume({ max_messages: 1000 });
    let read = afterSeq;
    for await (const m of messages) {
      read = m.seq;
      const parsed = RiskDecided.safeParse(safeJson(m.data));
      if (parsed.success) apply(parsed.data, m.seq);
      else this.bus.logger.error({ seq: m.seq, subject: m.subject }, 'invalid risk decision in RISK_DECISIONS skipped');
      if (m.seq >= last || m.info.pending === 0) break;
    }
    await messages.close();
    return read;
  }
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}
