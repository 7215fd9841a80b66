/**
 * The tick-to-order bench's observer on the bus: it stamps, on this process's monotonic clock, each
 * fire's messages as they reach it (md.tick, trg.firing, the risk check and its answer, the place
 * request, the risk decision, `fired` and `submitting`, the fire's trg.evt record) and turns them
 * into the per-hop table's rows. Each stamp is one more delivery to this process while the
 * services work: paused, the bus carries nothing to it.
 */
import { Contracts, type PlaceOrderOnApprovalCommand, type RiskCheckRequest, type RiskDecided, type TradeEvent, type TriggerEvent, type TriggerFiring } from '@arctrigger/contracts';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { monotonicMs } from './latency-tap';

/** One fire's hops, one after another (they add up to the end-to-end time). */
export type Hops = Record<string, number>;

/** The order-service's part seen from the inside, and the fire's record: these overlap the hops. */
export type HopDetails = Record<string, number>;

export const FIRE_RECORD_DETAIL = 'trg.firing → trg.evt fired (the fire\'s record, written behind the notice: after the order)';

interface Route {
  readonly subject: string;
  readonly stamp: (m: Msg, at: number) => void;
}

export class HopObserver {
  private readonly routes: Route[] = [];
  private subscriptions: Subscription[] = [];
  private readonly submittingWaiters = new Map<string, () => void>();
  private readonly triggerFiredAt = new Map<string, number>();
  private readonly firingNoticeAt = new Map<string, number>();
  private readonly tradeEventAt = new Map<string, number>();
  private readonly mdTickAt: Array<{ conId: number; price: number | null; at: number }> = [];
  private readonly riskAskedAt = new Map<string, number>();
  private readonly riskReplySubjects = new Map<string, string>();
  private readonly riskAnsweredAt = new Map<string, number>();
  private readonly placeAskedAt = new Map<string, number>();
  private readonly decisionAt = new Map<string, number>();
  private inboxHeard = false;

  constructor(
    private readonly nc: NatsConnection,
    underlyingConIds: readonly number[],
  ) {
    this.on('trg.firing.v1.>', (m, at) => {
      const n = m.json<TriggerFiring>();
      if (n.owner.purpose === 'entry' && !this.firingNoticeAt.has(n.owner.tradeId)) this.firingNoticeAt.set(n.owner.tradeId, at);
    });
    // Inside the order-service's part: its entry risk check (request and reply, matched by the
    // reply subject) and its place request.
    this.on(Contracts.RiskCheckV2.subject, (m, at) => {
      if (m.reply && !this.inboxHeard) this.hearReplies(m.reply);
      const r = m.json<RiskCheckRequest>();
      if (r.checkId !== `${r.tradeId}.entry.1` || this.riskAskedAt.has(r.tradeId)) return;
      this.riskAskedAt.set(r.tradeId, at);
      if (m.reply) this.riskReplySubjects.set(m.reply, r.tradeId);
    });
    this.on(Contracts.PlaceOrderOnApproval.subject, (m, at) => {
      const tradeId = m.json<PlaceOrderOnApprovalCommand>().orderRef.split('.')[0]!;
      if (!this.placeAskedAt.has(tradeId)) this.placeAskedAt.set(tradeId, at);
    });
    this.on('risk.decision.v1.>', (m, at) => {
      const d = m.json<RiskDecided>();
      if (d.checkId === `${d.tradeId}.entry.1` && !this.decisionAt.has(d.tradeId)) this.decisionAt.set(d.tradeId, at);
    });
    this.on('trg.evt.v1.>', (m, at) => {
      const e = m.json<TriggerEvent>();
      if (e.type === 'fired' && e.owner.purpose === 'entry') this.triggerFiredAt.set(e.owner.tradeId, at);
    });
    this.on('trade.evt.v1.>', (m, at) => {
      const e = m.json<TradeEvent>();
      if (e.type !== 'fired' && e.type !== 'submitting') return;
      this.tradeEventAt.set(`${e.tradeId}:${e.type}`, at);
      if (e.type === 'submitting') this.submittingWaiters.get(e.tradeId)?.();
    });
    for (const conId of underlyingConIds) {
      this.on(`md.tick.v1.${conId}`, (m, at) => this.mdTickAt.push({ conId, price: m.json<{ last: number | null }>().last, at }));
    }
  }

  /** The hops of `tradeId`'s fire, from its crossing tick (at the tap) to its placeOrder (at the tap). */
  hopsOf(tradeId: string, tick: { conId: number; price: number; at: number }, since: number, placedAt: number): { hops: Hops; details: HopDetails } {
    const at = (m: Map<string, number>, key: string) => m.get(key) ?? NaN;
    const md = this.mdTickAt.find((t) => t.at >= since && t.conId === tick.conId && t.price === tick.price)?.at ?? NaN;
    const notice = at(this.firingNoticeAt, tradeId);
    const fired = at(this.tradeEventAt, `${tradeId}:fired`);
    const submitting = at(this.tradeEventAt, `${tradeId}:submitting`);
    const riskAsked = at(this.riskAskedAt, tradeId);
    const decided = at(this.decisionAt, tradeId);
    const placeAsked = at(this.placeAskedAt, tradeId);
    return {
      hops: {
        'tick at tap → md.tick on the bus (gateway)': md - tick.at,
        'md.tick → trg.firing notice (trigger-service)': notice - md,
        'trg.firing → trade fired (order-service fires on the notice)': fired - notice,
        'fired → submitting (risk answer)': submitting - fired,
        'submitting → placeOrder at tap (gateway)': placedAt - submitting,
      },
      details: {
        'trg.firing → risk check asked (order-service)': riskAsked - notice,
        'risk check asked → decision published (risk-service, in memory: no storage write)': decided - riskAsked,
        'decision published → placeOrder at tap (gateway)': placedAt - decided,
        'trg.firing → place asked, v2 (order-service, once priced)': placeAsked - notice,
        'place asked → placeOrder at tap (gateway, waiting for the decision)': placedAt - placeAsked,
        'risk check asked → answered to the order-service': at(this.riskAnsweredAt, tradeId) - riskAsked,
      },
    };
  }

  /** Whether the fire's record (trg.evt fired) of `tradeId` has been heard. */
  heardFireRecord(tradeId: string): boolean {
    return this.triggerFiredAt.has(tradeId);
  }

  /** From the notice to the fire's record (written behind the notice, after the order). */
  fireRecordAfterNotice(tradeId: string): number {
    return (this.triggerFiredAt.get(tradeId) ?? NaN) - (this.firingNoticeAt.get(tradeId) ?? NaN);
  }

  /** Resolves once `tradeId`'s `submitting` has been heard (already, or within `timeoutMs`). */
  submitting(tradeId: string, timeoutMs: number): Promise<void> {
    if (this.tradeEventAt.has(`${tradeId}:submitting`)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.submittingWaiters.delete(tradeId);
        reject(new Error(`no submitting heard for ${tradeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.submittingWaiters.set(tradeId, () => {
        clearTimeout(timer);
        this.submittingWaiters.delete(tradeId);
        resolve();
      });
    });
  }

  /** Unsubscribes everything, at the server: nothing more is delivered to this process for it. */
  async pause(): Promise<void> {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    await this.nc.flush();
  }

  /** Subscribes again to everything it heard before the pause (at the server once this resolves). */
  async resume(): Promise<void> {
    if (this.subscriptions.length === 0) for (const route of this.routes) this.subscribe(route);
    await this.nc.flush();
  }

  private on(subject: string, stamp: (m: Msg, at: number) => void): void {
    const route = { subject, stamp };
    this.routes.push(route);
    this.subscribe(route);
  }

  private subscribe({ subject, stamp }: Route): void {
    this.subscriptions.push(this.nc.subscribe(subject, { callback: (_e, m) => stamp(m, monotonicMs()) }));
  }

  /**
   * Replies are heard on the order-service's own inbox prefix only (learnt from its first risk
   * check, at arm time), not on every inbox in the system: the observer stays light.
   */
  private hearReplies(replySubject: string): void {
    this.inboxHeard = true;
    this.on(`${replySubject.slice(0, replySubject.lastIndexOf('.'))}.*`, (m, at) => {
      const tradeId = this.riskReplySubjects.get(m.subject);
      if (tradeId && !this.riskAnsweredAt.has(tradeId)) this.riskAnsweredAt.set(tradeId, at);
    });
  }
}
