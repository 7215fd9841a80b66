import { Controller } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { Alert, Streams } from '@arctrigger/contracts';
import { Bus, decodeJson } from '@arctrigger/service-kit';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { AlertRoutes as R } from './alert.routes';

/** How far back the list looks for alerts of the asked codes. */
const SCAN_LIMIT = 2_000;

/** Alerts: the latest ones from the ALERTS stream (read backwards from its last message). */
@Controller()
export class AlertsHttpController {
  constructor(private readonly bus: Bus) {}

  @Route(R.list)
  async list(@Input() { query }: RouteInput<typeof R.list>) {
    const jsm = await jetstreamManager(this.bus.nc);
    const { state } = await jsm.streams.info(Streams.ALERTS.name);
    const alerts: Alert[] = [];
    const codes = query.code ? new Set(query.code) : undefined;
    for (let seq = state.last_seq; seq >= state.first_seq && seq > 0 && alerts.length < query.limit && state.last_seq - seq < SCAN_LIMIT; seq--) {
      const stored = await jsm.streams.getMessage(Streams.ALERTS.name, { seq }).catch(() => null);
      if (!stored) continue;
      const decoded = decodeJson(stored.data);
      const parsed = decoded.ok ? Alert.safeParse(decoded.value) : undefined;
      if (parsed?.success && (!codes || codes.has(parsed.data.code))) alerts.push(parsed.data);
    }
    return { alerts };
  }
}
