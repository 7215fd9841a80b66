import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { z } from 'zod';
import { Contracts, DurableConsumers, EpochMs, KvBuckets, Streams, type Alert } from '@arctrigger/contracts';
import { Bus, CLOCK, consumeDurable, SERVICE_CONFIG, TypedKv, type Clock, type RunningConsumer } from '@arctrigger/service-kit';
import type { ConsoleConfig } from '../config';
import { webhookBody } from './webhook-body';
import { parseWebhookTargets, type WebhookTarget } from './webhook-target';

/** What is stored once an alert reached a webhook. */
export const AlertDelivered = z.object({ alertId: z.string(), url: z.string(), status: z.number().int(), at: EpochMs });

/** Tries per webhook and alert before the message is left for JetStream to redeliver. */
const ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 250;
const POST_TIMEOUT_MS = 5_000;

/**
 * Delivers every alert on the ALERTS stream to the configured webhooks: one durable consumer
 * shared by the console instances, a POST per webhook with retry and exponential backoff, and a
 * record per (alert, webhook) in KV `alert-deliveries` — so an alert is delivered once per dedup
 * key and window (its `alertId` names both) even across redeliveries and restarts. A webhook that
 * keeps failing fails the message: JetStream redelivers it later, the delivered ones are skipped.
 */
@Injectable()
export class AlertDelivery implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly targets: WebhookTarget[];
  private consumer?: RunningConsumer;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: ConsoleConfig,
  ) {
    this.targets = parseWebhookTargets(config.ALERT_WEBHOOKS);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.targets.length === 0) return;
    const delivered = await TypedKv.open(this.bus.nc, KvBuckets.ALERT_DELIVERIES, AlertDelivered);
    this.consumer = await consumeDurable(
      this.bus,
      { contract: Contracts.Alert, stream: Streams.ALERTS.name, durable: DurableConsumers.CONSOLE_ALERT_DELIVERY.name, deliverFrom: 'new', maxDeliver: 20, ackWaitMs: 120_000 },
      async (alert) => {
        for (const target of this.targets) await this.deliverOnce(delivered, target, alert);
      },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  private async deliverOnce(delivered: TypedKv<typeof AlertDelivered>, target: WebhookTarget, alert: Alert): Promise<void> {
    const key = createHash('sha256').update(`${alert.alertId}\n${target.url}`).digest('hex');
    if (await delivered.get(key)) return;
    const status = await this.post(target, alert);
    await delivered.create(key, { alertId: alert.alertId, url: target.url, status, at: this.clock.now() });
  }

  private async post(target: WebhookTarget, alert: Alert): Promise<number> {
    const body = JSON.stringify(webhookBody(target.format, alert));
    let last = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(POST_TIMEOUT_MS) });
        if (response.ok) return response.status;
        last = `HTTP ${response.status}`;
        // A 4xx other than 429 will not get better by retrying.
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        last = (error as Error).message;
      }
      if (attempt < ATTEMPTS) await new Promise<void>((resolve) => void this.clock.setTimer(FIRST_BACKOFF_MS * 2 ** (attempt - 1), resolve));
    }
    this.bus.logger.warn({ alertId: alert.alertId, url: target.url, last }, 'alert not delivered to a webhook');
    throw new Error(`alert ${alert.alertId} not delivered to ${target.url}: ${last}`);
  }
}
