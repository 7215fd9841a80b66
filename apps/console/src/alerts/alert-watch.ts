import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { AlertCode, AlertSeverity, Contracts } from '@arctrigger/contracts';
import { AlertPublisher, Bus, CLOCK, SERVICE_CONFIG, type Clock, type RaiseAlert, type TimerHandle } from '@arctrigger/service-kit';
import type { ConsoleConfig } from '../config';
import { ConnectionMonitor } from '../system/connection-monitor';
import type { ConnectionReport } from '../system/connection-report';
import { EventAlerts } from './event-alerts';

/**
 * Raises the alerts that follow from what the services announce (EventAlerts), TWS_DISCONNECTED
 * when the gateway's connection has not been `connected` for TWS_DISCONNECTED_ALERT_MS (its
 * all-clear when it is back), and DEAD_LETTERS_GROWING when more than DEAD_LETTER_ALERT_COUNT
 * messages were dead-lettered within DEAD_LETTER_ALERT_WINDOW_MS.
 */
@Injectable()
export class AlertWatch implements OnModuleInit, OnModuleDestroy {
  private readonly alerts: AlertPublisher;
  private subscriptions: Subscription[] = [];
  private stopListening?: () => void;
  private disconnectedTimer?: TimerHandle;
  private disconnectedAlerted = false;
  private deadLetterTimes: number[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly connection: ConnectionMonitor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ConsoleConfig,
  ) {
    this.alerts = new AlertPublisher(bus, clock, bus.options.instanceId);
  }

  onModuleInit(): void {
    const raise = (alert: RaiseAlert | undefined) => void (alert && this.alerts.raise(alert));
    this.subscriptions = [
      this.bus.subscribe(Contracts.TradingStateChanged, (e) => raise(EventAlerts.tradingStateChanged(e))),
      this.bus.subscribe(Contracts.PositionMismatch, (e) => raise(EventAlerts.positionMismatch(e))),
      this.bus.subscribe(Contracts.DeadLetter, (letter) => this.deadLettered(letter.service, letter.subject)),
    ];
    this.stopListening = this.connection.listen((report) => this.connectionChanged(report));
    const unlistenFeeds = this.connection.listenFeeds((state) => raise(EventAlerts.feedState(state)));
    const stop = this.stopListening;
    this.stopListening = () => {
      stop();
      unlistenFeeds();
    };
  }

  onModuleDestroy(): void {
    this.disconnectedTimer?.cancel();
    this.stopListening?.();
    for (const s of this.subscriptions) s.unsubscribe();
  }

  private connectionChanged(report: ConnectionReport): void {
    if (report.status === 'connected') {
      this.disconnectedTimer?.cancel();
      this.disconnectedTimer = undefined;
      if (this.disconnectedAlerted) {
        this.disconnectedAlerted = false;
        void this.alerts.raise({ code: AlertCode.TWS_DISCONNECTED, severity: AlertSeverity.INFO, active: false, dedupKey: AlertCode.TWS_DISCONNECTED, message: 'The gateway is connected to TWS again.', facts: { clientId: report.clientId, at: report.at } });
      }
      return;
    }
    if (this.disconnectedTimer || this.disconnectedAlerted) return;
    this.disconnectedTimer = this.clock.setTimer(this.config.TWS_DISCONNECTED_ALERT_MS, () => {
      this.disconnectedTimer = undefined;
      const now = this.connection.current();
      if (!now || now.status === 'connected') return;
      this.disconnectedAlerted = true;
      void this.alerts.raise({
        code: AlertCode.TWS_DISCONNECTED, severity: AlertSeverity.CRITICAL, dedupKey: AlertCode.TWS_DISCONNECTED,
        message: `The gateway has not been connected to TWS for ${Math.round(this.config.TWS_DISCONNECTED_ALERT_MS / 1000)} s: ${now.reason}. Nothing fires meanwhile.`,
        facts: { status: now.status, reason: now.reason, code: now.code, ageMs: now.ageMs, thresholdMs: this.config.TWS_DISCONNECTED_ALERT_MS },
      });
    });
  }

  private deadLettered(service: string, subject: string): void {
    const now = this.clock.now();
    const from = now - this.config.DEAD_LETTER_ALERT_WINDOW_MS;
    this.deadLetterTimes = this.deadLetterTimes.filter((t) => t > from);
    this.deadLetterTimes.push(now);
    if (this.deadLetterTimes.length <= this.config.DEAD_LETTER_ALERT_COUNT) return;
    void this.alerts.raise({
      code: AlertCode.DEAD_LETTERS_GROWING, severity: AlertSeverity.WARNING, dedupKey: AlertCode.DEAD_LETTERS_GROWING,
      message: `${this.deadLetterTimes.length} messages dead-lettered in the last ${Math.round(this.config.DEAD_LETTER_ALERT_WINDOW_MS / 1000)} s (latest from ${service} on ${subject}).`,
      facts: { count: this.deadLetterTimes.length, windowMs: this.config.DEAD_LETTER_ALERT_WINDOW_MS, latestService: service, latestSubject: subject },
    });
  }
}
