export { OrderServiceConfig } from './config';
