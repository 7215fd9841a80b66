import { z } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';

/** order-service configuration (environment). */
export const OrderServiceConfig = BaseServiceConfig.extend({});
export type OrderServiceConfig = z.infer<typeof OrderServiceConfig>;
