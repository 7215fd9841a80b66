import type { Alert, AlertCode } from '@arctrigger/contracts';

/** Alerts a person must see (`sys.alert.v1`): raised, de-duplicated by key, never thrown. */
export interface AlertPort {
  raise(alert: { code: AlertCode; severity?: Alert['severity']; message: string; facts?: Alert['facts']; dedupKey?: string }): Promise<unknown>;
}
