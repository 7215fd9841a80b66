import { z } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';

/** trigger-service configuration (environment). */
export const TriggerServiceConfig = BaseServiceConfig.extend({});
export type TriggerServiceConfig = z.infer<typeof TriggerServiceConfig>;
