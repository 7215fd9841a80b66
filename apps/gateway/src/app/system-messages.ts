import { Contracts } from '@arctrigger/contracts';
import type { Bus, Logger } from '@arctrigger/service-kit';
import { classify, CodeClass, feedOf } from '../connection/ib-codes';
import type { ConnectionReporter } from '../connection/connection-reporter';

export interface SystemReactions {
  connectivityLost(reason: string): void;
  restoredDataLost(): void;
  restoredDataKept(): void;
  clientIdInUse(): void;
}

/**
 * TWS messages without a request or order id (id -1): connectivity, farms, pacing, entitlements,
 * client id in use — each class handled as the ARCHITECTURE table says and surfaced on the bus.
 */
export class SystemMessages {
  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly reporter: ConnectionReporter,
    private readonly reactions: SystemReactions,
    private readonly now: () => number,
  ) {}

  handle(code: number, message: string, reqId: number | null): void {
    const cls = classify(code);
    switch (cls) {
      case CodeClass.CONNECTIVITY_LOST:
        this.reporter.degraded(`TWS lost connectivity to IB (${code}): ${message}`, code);
        this.reactions.connectivityLost(`connectivity lost (${code})`);
        return;
      case CodeClass.RESTORED_DATA_LOST:
        this.reporter.restored(`connectivity restored, data lost (${code}): resubscribing and reconciling`, code);
        this.reactions.restoredDataLost();
        return;
      case CodeClass.RESTORED_DATA_KEPT:
        this.reporter.restored(`connectivity restored, data kept (${code}): reconciling`, code);
        this.reactions.restoredDataKept();
        return;
      case CodeClass.FARM_BROKEN:
      case CodeClass.FARM_OK:
        this.bus.publish(Contracts.FeedState, { feed: feedOf(message), stale: cls === CodeClass.FARM_BROKEN, code, message, at: this.now() });
        return;
      case CodeClass.BENIGN:
        this.logger.debug({ code, message }, 'TWS farm notice');
        return;
      case CodeClass.CLIENT_ID_IN_USE:
        this.notice(code, message, reqId);
        this.reactions.clientIdInUse();
        return;
      default:
        this.logger.warn({ code, message, reqId }, 'TWS message');
        this.notice(code, message, reqId);
    }
  }

  notice(code: number, message: string, reqId: number | null): void {
    this.bus.publish(Contracts.BrokerNotice, { code, message, reqId, at: this.now() });
  }
}
