import { z } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';

/** console configuration (environment). */
export const ConsoleConfig = BaseServiceConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;
