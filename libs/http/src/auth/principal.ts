export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. `accounts: '*'` reaches every account. */
export type Principal = {
  sub: string;
  role: Role;
  accounts: readonly string[] | '*';
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles are ordered: viewer < member < admin < owner. */
export function hasRole(principal: Principal, minimum: Role): boolean {
  return ROLES.indexOf(principal.role) >= ROLES.indexOf(minimum);
}

export function canReachAccount(principal: Principal, accountId: string): boolean {
  return principal.accounts === '*' || principal.accounts.includes(accountId);
}
