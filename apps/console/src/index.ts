export { ConsoleConfig } from './config';
