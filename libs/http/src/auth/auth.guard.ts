import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { throwDeferredBodyError } from '../bootstrap/body.parsers.js';
import { ACCESS_RULE, setPrincipal, type AccessRule } from './access.decorators.js';
import { AccountNotFoundError, ForbiddenError, MissingTokenError } from './auth.errors.js';
import { canReachAccount, hasRole, type Principal } from './principal.js';
import type { TokenVerifier } from './token.verifier.js';

export const TOKEN_VERIFIER = 'TOKEN_VERIFIER';

const DEFAULT_RULE: AccessRule = { kind: 'role', minimum: 'viewer' };
const ACCOUNT_ID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/;

/**
 * Global guard: token (401) → account (404, as a missing collection) → role (403) → body errors
 * found while parsing (400/415/422). Only HTTP routes; microservice handlers pass.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const rule =
      this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]) ??
      DEFAULT_RULE;
    if (rule.kind !== 'public') {
      const principal = await this.verify(bearerToken(request.headers.authorization));
      authorize(principal, rule, (request.params ?? {}) as Record<string, string | undefined>);
      setPrincipal(request, principal);
    }
    throwDeferredBodyError(request);
    return true;
  }
}

/** A header without the Bearer scheme is a missing token (3); anything after "Bearer" is for the verifier to judge (4). */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer(?:[ \t]+(.*))?$/i.exec(header?.trim() ?? '');
  const token = match?.[1]?.trim();
  if (!token) throw new MissingTokenError();
  return token;
}

export function authorize(principal: Principal, rule: Exclude<AccessRule, { kind: 'public' }>, params: Record<string, string | undefined>): void {
  if (rule.kind === 'account') {
    const accountId = params[rule.param];
    if (accountId === undefined || !ACCOUNT_ID.test(accountId) || !canReachAccount(principal, accountId)) {
      throw new AccountNotFoundError();
    }
  }
  if (!hasRole(principal, rule.minimum)) {
    throw new ForbiddenError(`This operation needs the role "${rule.minimum}" or higher; the token has "${principal.role}".`);
  }
}
