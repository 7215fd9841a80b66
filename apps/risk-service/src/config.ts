import { z } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';

/** risk-service configuration (environment). */
export const RiskServiceConfig = BaseServiceConfig.extend({});
export type RiskServiceConfig = z.infer<typeof RiskServiceConfig>;
