import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './principal.js';

/** What a route demands. Without a decorator a route needs any valid token. */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'role'; minimum: Role }
  | { kind: 'account'; minimum: Role; param: string };

export const ACCESS_RULE = 'artifact-register:access-rule';

const rule = (value: AccessRule) => SetMetadata(ACCESS_RULE, value);

/** No token needed (health, metrics, schemas, docs). */
export const Public = () => rule({ kind: 'public' });
/** Any valid token whose role is at least `minimum`. */
export const RequireRole = (minimum: Role) => rule({ kind: 'role', minimum });
/** Catalog reads: any valid token. */
export const CatalogRead = () => RequireRole('viewer');
/** Catalog writes: `admin` (the catalog is shared by every account). */
export const CatalogWrite = () => RequireRole('admin');
/** Account reads: the account (route param) in the token, role `viewer`. */
export const AccountRead = (param = 'account_id') => rule({ kind: 'account', minimum: 'viewer', param });
/** Account writes: the account (route param) in the token, role `member`. */
export const AccountWrite = (param = 'account_id') => rule({ kind: 'account', minimum: 'member', param });

const principals = new WeakMap<object, Principal>();

export function setPrincipal(request: object, principal: Principal): void {
  principals.set(request, principal);
}

/** The verified caller of a request; undefined on public routes. */
export function principalOf(request: object): Principal | undefined {
  return principals.get(request);
}

/** Route parameter decorator: the verified caller (the guard has run, so it is set on non-public routes). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => principalOf(context.switchToHttp().getRequest<object>()),
);
