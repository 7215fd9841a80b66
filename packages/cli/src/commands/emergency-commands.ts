import type { EmergencyReport } from '@arctrigger/contracts';
import type { Command, CommandContext, Values } from '../command';
import { table } from '../table';

/** The report of cancel-all, flatten-all and panic: each step, then its orders one per line. */
export function renderEmergencyReport(body: unknown): string {
  const r = body as EmergencyReport;
  const head = `${r.command} by ${r.actor} (${r.reason}) in ${r.finishedAt - r.startedAt} ms`;
  const steps = r.steps.map((s) => {
    const title = `${s.step}: ${s.ok ? 'ok' : 'FAILED'} — ${s.summary}${s.error ? ` [${s.error.code}: ${s.error.message}]` : ''}`;
    if (s.orders.length === 0) return title;
    const rows = s.orders.map((o) => [
      o.tradeId ?? '', o.orderRef ?? '-', o.conId === null ? '' : String(o.conId), o.side ?? '', String(o.quantity), o.action, o.outcome,
      o.error ? `${o.error.code}: ${o.error.message}` : (o.note ?? ''),
    ]);
    return `${title}\n${table(['TRADE', 'ORDER REF', 'CONID', 'SIDE', 'QTY', 'ACTION', 'OUTCOME', 'ERROR / NOTE'], rows)}`;
  });
  return [head, ...steps].join('\n\n');
}

const reasonOf = (v: Values, args: string[]): string | undefined => (typeof v.reason === 'string' ? v.reason : args.length > 0 ? args.join(' ') : undefined);

const post = (ctx: CommandContext, path: string, body: Record<string, unknown>) =>
  ctx.client.call('POST', path, Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)), { idempotent: true });

/** Emergency commands (admin): cancel every working order, flatten every position, or both after a HALT. */
export const emergencyCommands: Command[] = [
  {
    name: 'cancel-all',
    summary: "Emergency (admin): cancel every working ArcTrigger order at the broker (protective stops withdrawn; stop triggers stay armed); --broker: IB's global cancel too.",
    usage: 'arctrigger cancel-all [--broker] [--reason TEXT]',
    examples: ['arctrigger cancel-all', 'arctrigger cancel-all --broker --reason "orders stuck at the broker"'],
    options: { broker: { type: 'boolean' }, reason: { type: 'string' } },
    run: (ctx, args, v) => post(ctx, '/v1/emergency/cancel-all', { reason: reasonOf(v, args), broker: v.broker === true }),
    render: renderEmergencyReport,
  },
  {
    name: 'flatten-all',
    summary: 'Emergency (admin): sell every held position of every trade at market, each exactly its live quantity.',
    usage: 'arctrigger flatten-all [--reason TEXT]',
    examples: ['arctrigger flatten-all', 'arctrigger flatten-all --reason "end of day"'],
    options: { reason: { type: 'string' } },
    run: (ctx, args, v) => post(ctx, '/v1/emergency/flatten-all', { reason: reasonOf(v, args) }),
    render: renderEmergencyReport,
  },
  {
    name: 'panic',
    summary: 'Emergency (admin): HALT, then cancel-all, then flatten-all; prints what each did, order by order.',
    usage: 'arctrigger panic [--broker] [--reason TEXT]',
    examples: ['arctrigger panic', 'arctrigger panic --broker --reason "feed gone mad"'],
    options: { broker: { type: 'boolean' }, reason: { type: 'string' } },
    run: (ctx, args, v) => post(ctx, '/v1/emergency/panic', { reason: reasonOf(v, args), broker: v.broker === true }),
    render: renderEmergencyReport,
  },
];
