import { AlertSeverity, Contracts, type Alert, type AlertCode } from '@arctrigger/contracts';
import type { Bus } from '../bus/bus';
import type { Clock } from '../clock/clock';

/** What a service says when it raises an alert; the publisher adds identity, time and the window. */
export interface RaiseAlert {
  code: AlertCode;
  severity?: Alert['severity'];
  message: string;
  facts?: Alert['facts'];
  /** Same condition → same key (default: the code). */
  dedupKey?: string;
  /** `false` for an all-clear. */
  active?: boolean;
}

/** Default de-duplication window: the same key is stored (and delivered) at most once per window. */
export const ALERT_WINDOW_MS = 5 * 60_000;

/**
 * Raises alerts on the bus (stream ALERTS). De-duplicated by JetStream itself: `Nats-Msg-Id` is
 * `<dedupKey>:<active>:<window index>`, so several instances raising one condition, or one
 * raising it again within the window, store a single alert. Never throws: an alert that cannot be
 * published is logged (the condition it reports is usually also in the log).
 */
export class AlertPublisher {
  constructor(
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly source: string,
    private readonly windowMs = ALERT_WINDOW_MS,
  ) {}

  async raise(alert: RaiseAlert): Promise<Alert | undefined> {
    const at = this.clock.now();
    const dedupKey = alert.dedupKey ?? alert.code;
    const active = alert.active ?? true;
    const msgId = `${dedupKey}:${active ? 'on' : 'off'}:${Math.floor(at / this.windowMs)}`;
    const value: Alert = {
      alertId: msgId,
      code: alert.code,
      severity: alert.severity ?? AlertSeverity.WARNING,
      source: this.source,
      message: alert.message,
      facts: alert.facts ?? {},
      dedupKey,
      active,
      at,
    };
    try {
      await this.bus.publishDurable(Contracts.Alert, value, { params: { code: alert.code }, msgId });
      return value;
    } catch (error) {
      this.bus.logger.error({ err: error, alert: value }, 'alert not published');
      return undefined;
    }
  }
}
