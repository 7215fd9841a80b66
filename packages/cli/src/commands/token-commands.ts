import { UsageError } from '../exit-codes';
import type { Command } from '../command';
import { table } from '../table';

const ROLES = ['viewer', 'trader', 'admin'];

/**
 * `arctrigger token create|list|revoke` (admin). `create` prints only the new token's secret, so a
 * shell can keep it: `export ARCTRIGGER_TOKEN=$(arctrigger token create me --role trader)`.
 */
export const tokenCommands: Command[] = [
  {
    name: 'token',
    summary: 'API tokens (admin): create (prints the secret only), list, revoke.',
    usage: 'arctrigger token create <NAME> [--role viewer|trader|admin] | arctrigger token list | arctrigger token revoke <TOKEN_ID>',
    examples: ['export ARCTRIGGER_TOKEN=$(arctrigger token create me --role trader)', 'arctrigger token list', 'arctrigger token revoke 0123456789ab'],
    options: { role: { type: 'string' } },
    run: (ctx, args, v) => {
      const [action, arg] = args;
      if (action === 'list') return ctx.client.call('GET', '/v1/tokens');
      if (action === 'revoke') {
        if (!arg) throw new UsageError('missing TOKEN_ID');
        return ctx.client.call('DELETE', `/v1/tokens/${encodeURIComponent(arg)}`);
      }
      if (action !== 'create') throw new UsageError('expected create, list or revoke');
      if (!arg) throw new UsageError('missing NAME');
      const role = (v.role as string | undefined) ?? 'trader';
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      return ctx.client.call('POST', '/v1/tokens', { name: arg, role });
    },
    render: (body) => {
      const b = body as { token?: string; tokens?: Array<Record<string, unknown>>; revoked?: boolean };
      if (b.token) return b.token;
      if (b.tokens) return table(['TOKEN_ID', 'NAME', 'ROLE', 'CREATED'], b.tokens.map((t) => [t.tokenId, t.name, t.role, t.createdAt ? new Date(Number(t.createdAt)).toISOString() : '-']));
      return b.revoked ? 'revoked' : JSON.stringify(body);
    },
  },
];
