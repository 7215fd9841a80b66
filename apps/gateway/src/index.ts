export { GatewayConfig } from './config';
