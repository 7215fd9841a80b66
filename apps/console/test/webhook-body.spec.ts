import type { Alert } from '@arctrigger/contracts';
import { webhookBody } from '../src/alerts/webhook-body';
import { parseWebhookTargets } from '../src/alerts/webhook-target';

const alert: Alert = {
  alertId: 'SERVICE_DOWN:risk-service:on:1', code: 'SERVICE_DOWN', severity: 'critical', source: 'console-1',
  message: 'risk-service is DOWN.', facts: { service: 'risk-service', liveInstances: 0 }, dedupKey: 'SERVICE_DOWN:risk-service', active: true, at: 1_700_000_000_000,
};

describe('alert webhooks', () => {
  it('webhook targets are read as [format=]url, json by default', () => {
    expect(parseWebhookTargets('http://a/hook, slack=https://hooks.slack.com/x,discord=https://discord.com/api/webhooks/1')).toEqual([
      { format: 'json', url: 'http://a/hook' },
      { format: 'slack', url: 'https://hooks.slack.com/x' },
      { format: 'discord', url: 'https://discord.com/api/webhooks/1' },
    ]);
    expect(parseWebhookTargets('')).toEqual([]);
  });

  it.each(['teams=https://x', 'ftp://x', 'slack='])('webhook targets refuse %p', (text) => {
    expect(() => parseWebhookTargets(text)).toThrow(/expected \[json=\|slack=\|discord=\]/);
  });

  it('webhook body is the alert itself for json, a text with the facts for slack, an embed for discord', () => {
    expect(webhookBody('json', alert)).toEqual(alert);
    expect(webhookBody('slack', alert)).toMatchObject({ text: ':rotating_light: [CRITICAL] SERVICE_DOWN: risk-service is DOWN.' });
    expect(JSON.stringify(webhookBody('slack', alert))).toContain('service: \\"risk-service\\"');
    expect(webhookBody('discord', { ...alert, active: false })).toMatchObject({
      content: 'RESOLVED [CRITICAL] SERVICE_DOWN: risk-service is DOWN.',
      embeds: [{ title: 'SERVICE_DOWN', color: 0xd32f2f, fields: [{ name: 'service', value: '"risk-service"' }, { name: 'liveInstances', value: '0' }] }],
    });
  });
});
