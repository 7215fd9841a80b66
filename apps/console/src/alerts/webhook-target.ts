/** The body a webhook expects. */
export const WebhookFormat = { JSON: 'json', SLACK: 'slack', DISCORD: 'discord' } as const;
export type WebhookFormat = (typeof WebhookFormat)[keyof typeof WebhookFormat];

export interface WebhookTarget {
  format: WebhookFormat;
  url: string;
}

/**
 * `ALERT_WEBHOOKS`: comma-separated `[format=]url` (format json — the default —, slack or discord),
 * e.g. `https://ops.example/hook,slack=https://hooks.slack.com/services/…`.
 */
export function parseWebhookTargets(text: string): WebhookTarget[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const match = /^(?:(json|slack|discord)=)?(https?:\/\/\S+)$/.exec(item);
      if (!match) throw new Error(`"${item}": expected [json=|slack=|discord=]http(s)://…`);
      return { format: (match[1] ?? WebhookFormat.JSON) as WebhookFormat, url: match[2]! };
    });
}
