import { z } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';

/** gateway configuration (environment). */
export const GatewayConfig = BaseServiceConfig.extend({});
export type GatewayConfig = z.infer<typeof GatewayConfig>;
