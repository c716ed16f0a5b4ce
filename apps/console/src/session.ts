// The signed-in token (SPEC §11): kept in sessionStorage, so it leaves with the tab. Its claims are
// read only to shape the page (role, accounts); the APIs decide what the token may do.
export type Role = 'viewer' | 'member' | 'admin' | 'owner';
export type Claims = { sub?: string; role?: Role; accounts?: string[]; exp?: number };

const KEY = 'artifact-register.token';
const ROLES: Role[] = ['viewer', 'member', 'admin', 'owner'];

export const getToken = (): string | undefined => sessionStorage.getItem(KEY) ?? undefined;
export const setToken = (token: string): void => sessionStorage.setItem(KEY, token.trim());
export const clearToken = (): void => sessionStorage.removeItem(KEY);

/** The payload of a JWT, or undefined when it is not one. */
export function decodeClaims(token: string): Claims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === 'object' ? (claims as Claims) : undefined;
  } catch {
    return undefined;
  }
}

export const claims = (): Claims => decodeClaims(getToken() ?? '') ?? {};

export const hasRole = (needed: Role, role: Role | undefined = claims().role): boolean =>
  role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** Takes `#token=…` from the address (the link `npm start` prints) and removes it from history. */
export function takeTokenFromFragment(location: Location, history: History): boolean {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return false;
  setToken(decodeURIComponent(match[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  return true;
}
