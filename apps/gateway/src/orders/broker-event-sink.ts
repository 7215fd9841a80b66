import type { BrokerOrderEvent, BrokerPosition, CommissionReport, Execution } from '@arctrigger/contracts';

/** Where canonical broker events go (JetStream in the service; arrays in unit tests). */
export interface BrokerEventSink {
  orderEvent(event: BrokerOrderEvent, msgId: string): void;
  execution(execution: Execution): void;
  commission(report: CommissionReport): void;
  position(position: BrokerPosition): void;
}
