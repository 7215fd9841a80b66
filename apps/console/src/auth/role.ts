import { z } from 'zod';

/** Who may do what at the console: each role may do everything the roles before it may. */
export const Role = { VIEWER: 'viewer', TRADER: 'trader', ADMIN: 'admin' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const RoleSchema = z.enum([Role.VIEWER, Role.TRADER, Role.ADMIN]);

const rank: Record<Role, number> = { viewer: 0, trader: 1, admin: 2 };

/** True when a token of role `held` may call a route that needs `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return rank[held] >= rank[needed];
}
