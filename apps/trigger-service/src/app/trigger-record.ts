import { z } from 'zod';
import { IfMetOnArm, TriggerView, enumOf, type TriggerStatus } from '@arctrigger/contracts';

/**
 * A trigger as stored in KV (bucket `triggers`, key = triggerId): the public view plus what only
 * the service needs. `firedPublished` turns true once the fired event is acknowledged by JetStream,
 * so an instance that took over a partition can re-publish (same Nats-Msg-Id) a fire whose
 * publisher died between the compare-and-set and the publish.
 */
export const TriggerRecord = TriggerView.omit({ revision: true }).extend({
  ifMetOnArm: enumOf(IfMetOnArm),
  firedPublished: z.boolean(),
});
export type TriggerRecord = z.infer<typeof TriggerRecord>;

/** The public view of a record at a KV revision, with the live status overlaid. */
export function viewOf(record: TriggerRecord, revision: number, status: TriggerStatus = record.status, reason: string | null = record.statusReason): TriggerView {
  const { ifMetOnArm: _i, firedPublished: _f, ...view } = record;
  return { ...view, status, statusReason: reason, revision };
}
