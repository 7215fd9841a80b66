import { Controller } from '@nestjs/common';
import { Caller } from '../auth/caller.decorator';
import type { Principal } from '../auth/principal';
import { TokenStore } from '../auth/token-store';
import { ApiError } from '../http/api-error';
import type { RouteInput } from '../http/api-route';
import { Input, Route } from '../http/route.decorator';
import { TokenRoutes as R } from './token.routes';

/** API tokens (admin), and "who am I" for any token. */
@Controller()
export class TokensHttpController {
  constructor(private readonly tokens: TokenStore) {}

  @Route(R.create)
  create(@Input() { body }: RouteInput<typeof R.create>, @Caller() caller: Principal) {
    return this.tokens.create(body.name, body.role, caller.name);
  }

  @Route(R.list)
  async list() {
    return { tokens: await this.tokens.list() };
  }

  @Route(R.revoke)
  async revoke(@Input() { params }: RouteInput<typeof R.revoke>) {
    if (!(await this.tokens.revoke(params.tokenId))) throw new ApiError(404, 'NOT_FOUND', `no token ${params.tokenId}`);
    return { revoked: true as const };
  }

  @Route(R.whoami)
  whoami(@Caller() caller: Principal) {
    return caller;
  }
}
