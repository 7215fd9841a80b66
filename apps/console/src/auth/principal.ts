import type { Role } from './role';

/** Who is calling: the token's id, name and role (never its secret). */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}
