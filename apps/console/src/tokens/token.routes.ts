import { z } from 'zod';
import { Role, RoleSchema } from '../auth/role';
import { TokenView } from '../auth/token-store';
import { defineRoute } from '../http/api-route';

const tag = 'tokens';

export const TokenRoutes = {
  create: defineRoute({
    operationId: 'createToken', method: 'POST', path: '/v1/tokens', role: Role.ADMIN, tag, successStatus: 201,
    summary: 'Create an API token; its secret is in this answer only.',
    body: z.object({ name: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'letters, digits, _ . @ -, 1..64 chars'), role: RoleSchema }).strict(),
    response: TokenView.extend({ token: z.string() }),
  }),
  list: defineRoute({
    operationId: 'listTokens', method: 'GET', path: '/v1/tokens', role: Role.ADMIN, tag,
    summary: 'API tokens (without secrets).', response: z.object({ tokens: z.array(TokenView) }),
  }),
  revoke: defineRoute({
    operationId: 'revokeToken', method: 'DELETE', path: '/v1/tokens/{tokenId}', role: Role.ADMIN, tag,
    summary: 'Revoke an API token.', params: z.object({ tokenId: z.string().regex(/^[0-9a-f]{12}$/, 'expected a 12-hex token id') }),
    response: z.object({ revoked: z.literal(true) }),
  }),
  whoami: defineRoute({
    operationId: 'whoAmI', method: 'GET', path: '/v1/tokens/self', role: Role.VIEWER, tag,
    summary: 'The token making this call: id, name and role.',
    response: z.object({ tokenId: z.string(), name: z.string(), role: RoleSchema }),
  }),
} as const;
