export { RiskServiceConfig } from './config';
export { RiskApp, type RiskAppDeps } from './risk-app';
