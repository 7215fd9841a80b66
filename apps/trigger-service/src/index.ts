export { TriggerServiceConfig } from './config';
