export { RiskServiceConfig } from './config';
