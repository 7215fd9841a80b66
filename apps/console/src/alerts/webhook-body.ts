import type { Alert } from '@arctrigger/contracts';
import { WebhookFormat } from './webhook-target';

const ICON = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:' } as const;
/** Discord embed colours per severity (red, amber, blue). */
const COLOUR = { critical: 0xd32f2f, warning: 0xf9a825, info: 0x1976d2 } as const;

function headline(alert: Alert): string {
  return `${alert.active ? '' : 'RESOLVED '}[${alert.severity.toUpperCase()}] ${alert.code}: ${alert.message}`;
}

/**
 * The body posted for `alert`: the alert itself (generic JSON), or a Slack (`text` + `blocks`)
 * or Discord (`content` + `embeds`) message with the facts listed.
 */
export function webhookBody(format: WebhookFormat, alert: Alert): unknown {
  const facts = Object.entries(alert.facts).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  switch (format) {
    case WebhookFormat.SLACK:
      return {
        text: `${ICON[alert.severity]} ${headline(alert)}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `${ICON[alert.severity]} *${headline(alert)}*` } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: [`source ${alert.source}`, ...facts].join(' · ') }] },
        ],
      };
    case WebhookFormat.DISCORD:
      return {
        content: headline(alert),
        embeds: [{ title: alert.code, description: alert.message, color: COLOUR[alert.severity], timestamp: new Date(alert.at).toISOString(), fields: Object.entries(alert.facts).slice(0, 25).map(([name, v]) => ({ name, value: JSON.stringify(v).slice(0, 1024), inline: true })) }],
      };
    default:
      return alert;
  }
}
