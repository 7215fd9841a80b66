import { z } from 'zod';
import { BaseServiceConfig } from '@arctrigger/service-kit';

const ms = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** trigger-service configuration (environment). */
export const TriggerServiceConfig = BaseServiceConfig.extend({
  /** Instruments are split into this many partitions (stable hash of conId). Same value on every instance. */
  TRIGGER_PARTITIONS: z.coerce.number().int().min(1).max(4096).default(64),
  /** A partition lease not renewed for this long may be taken over by another instance. */
  TRIGGER_LEASE_TTL_MS: ms(500, 60_000, 3_000),
  /** How often leases are renewed, free partitions claimed and expiries swept. */
  TRIGGER_HEARTBEAT_MS: ms(100, 30_000, 1_000),
  /** A tick whose receive time is older than this (by the service clock) is stale: it never fires. */
  TRIGGER_MAX_TICK_AGE_MS: ms(100, 600_000, 5_000),
  /**
   * How long after a fire's `trg.firing` notice its record (the compare-and-set, then the durable
   * `fired` event) is written: behind the burst of the order the notice sets off, not among its
   * messages (0 = at once). See TriggerFirer.
   */
  TRIGGER_FIRE_RECORD_DELAY_MS: ms(0, 1_000, 20),
  /** TTL asked for gateway market-data leases (renewed every heartbeat). */
  MD_LEASE_TTL_MS: ms(1_000, 600_000, 15_000),
});
export type TriggerServiceConfig = z.infer<typeof TriggerServiceConfig>;
