/** @arctrigger/testkit — real parts for tests: nats-server, service processes, an OTLP collector. */
export { repoRoot } from './repo-root';
export { freePort } from './free-port';
export { startNatsServer, natsServerBinary, type TestNatsServer } from './nats-server';
export { startServiceProcess, type ServiceProcess, type StartServiceOptions } from './service-process';
export { startOtlpCollector, type OtlpCollector, type CollectedSpan } from './otlp-collector';
export { waitForOutput, collectOutput, type CollectedOutput } from './process-output';
export { eventually } from './eventually';
export { BusRecorder, type RecordedMessage } from './bus-recorder';
export { tradeEvent } from './trade-event-builder';
export { NatsNode } from './nats-node';
export { startNatsCluster, type TestNatsCluster } from './nats-cluster';
export { connectTestUser, natsEnvFor } from './nats-server';
