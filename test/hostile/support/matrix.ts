// The access-control matrix of SPEC §3: every endpoint × every kind of token → the one status
// (and Astra problem number) the spec allows. Allowed writes carry a body or target that stops at
// validation or not-found, so the whole matrix changes nothing.
import { randomUUID } from 'node:crypto';
import type { HostileRequest } from './client.js';
import type { Fixtures } from './fixtures.js';
import type { TokenKind } from './tokens.js';

export type Expected = { status: number; problem?: number };
type Endpoint = {
  endpoint: string;
  service: HostileRequest['service'];
  method: string;
  path: string;
  body?: string;
  family: 'catalog' | 'accounts';
  access: 'read' | 'write';
  /** Catalog webhook reads need admin too: they show where events go (SPEC §10). */
  adminRead?: true;
  /** What an allowed caller gets (validation error, not found, or the resource). */
  allowed: Expected;
};

const INVALID: TokenKind[] = ['malformed', 'wrong-signature', 'expired', 'alg-none', 'hs256-signed-with-public-key', 'rs256-header-hmac-signature', 'rs256-when-hs256-expected'];

export function endpoints(fx: Fixtures): Endpoint[] {
  const a = `/accounts/${fx.accountA}/core/v1/packages`;
  const p = fx.pkg.id;
  const catalogWrite = (method: string, path: string, allowed: Expected, body?: string): Endpoint => ({ endpoint: `${method} ${path.replace(p, '{package}')}`, service: 'command', method, path, family: 'catalog', access: 'write', allowed, ...(body !== undefined && { body }) });
  const catalogRead = (path: string, template: string): Endpoint => ({ endpoint: `GET ${template}`, service: 'query', method: 'GET', path, family: 'catalog', access: 'read', allowed: { status: 200 } });
  const accountsEndpoint = (method: string, path: string, template: string, access: 'read' | 'write', allowed: Expected, body?: string): Endpoint => ({ endpoint: `${method} ${template}`, service: access === 'read' ? 'query' : 'command', method, path, family: 'accounts', access, allowed, ...(body !== undefined && { body }) });
  return [
    catalogWrite('POST', '/packages', { status: 422 }, '{}'),
    catalogWrite('PUT', `/packages/${p}/`, { status: 422 }, '{}'),
    { ...catalogWrite('DELETE', `/packages/pkg_${randomUUID()}/`, { status: 404 }), endpoint: 'DELETE /packages/{package}' },
    catalogWrite('POST', `/packages/${p}/versionsets`, { status: 422 }, '{}'),
    catalogWrite('PUT', `/packages/${p}/versionsets/1/`, { status: 422 }, '{}'),
    catalogWrite('DELETE', `/packages/${p}/versionsets/999/`, { status: 404 }),
    catalogWrite('POST', `/packages/${p}/versionsets/1/components`, { status: 422 }, '{}'),
    { ...catalogWrite('PUT', `/packages/${p}/versionsets/1/components/webhook/`, { status: 422 }, '{}'), endpoint: 'PUT /packages/{package}/versionsets/{number}/components/{component}' },
    { ...catalogWrite('DELETE', `/packages/${p}/versionsets/1/components/none/`, { status: 404 }), endpoint: 'DELETE /packages/{package}/versionsets/{number}/components/{component}' },
    catalogWrite('POST', `/packages/${p}/releases`, { status: 422 }, '{}'),
    { ...catalogWrite('PUT', `/packages/${p}/releases/1.5.0/`, { status: 422 }, '{}'), endpoint: 'PUT /packages/{package}/releases/{release}' },
    { ...catalogWrite('DELETE', `/packages/${p}/releases/9.9.9/`, { status: 404 }), endpoint: 'DELETE /packages/{package}/releases/{release}' },
    catalogRead('/packages', '/packages'),
    catalogRead(`/packages/${p}/`, '/packages/{package}'),
    catalogRead(`/packages/${fx.pkg.alias}/versionsets`, '/packages/{package}/versionsets'),
    catalogRead(`/packages/${p}/versionsets/1/`, '/packages/{package}/versionsets/{number}'),
    catalogRead(`/versionsets/${fx.pkg.alias}:2`, '/versionsets/{id}'),
    catalogRead(`/packages/${p}/history`, '/packages/{package}/history'),
    catalogRead(`/packages/${p}/versionsets/1/components`, '/packages/{package}/versionsets/{number}/components'),
    catalogRead(`/components/${fx.pkg.alias}:1:webhook`, '/components/{id}'),
    catalogRead(`/packages/${p}/releases`, '/packages/{package}/releases'),
    catalogRead(`/releases/${fx.pkg.alias}@1.5.0`, '/releases/{id}'),
    accountsEndpoint('POST', a, '/accounts/{account}/core/v1/packages', 'write', { status: 400, problem: 8 }, '{}'),
    accountsEndpoint('PUT', `${a}/${fx.packageA.id}`, '/accounts/{account}/core/v1/packages/{id}', 'write', { status: 400, problem: 8 }, '{}'),
    accountsEndpoint('DELETE', `${a}/${randomUUID()}`, '/accounts/{account}/core/v1/packages/{id}', 'write', { status: 404, problem: 1 }),
    accountsEndpoint('GET', a, '/accounts/{account}/core/v1/packages', 'read', { status: 200 }),
    accountsEndpoint('GET', `${a}/${fx.packageA.id}`, '/accounts/{account}/core/v1/packages/{id}', 'read', { status: 200 }),
    accountsEndpoint('GET', `${a}/${fx.packageA.id}/history`, '/accounts/{account}/core/v1/packages/{id}/history', 'read', { status: 200 }),
    ...webhookEndpoints(fx, catalogWrite, accountsEndpoint),
  ];
}

type CatalogWrite = (method: string, path: string, allowed: Expected, body?: string) => Endpoint;
type AccountsEndpoint = (method: string, path: string, template: string, access: 'read' | 'write', allowed: Expected, body?: string) => Endpoint;

/** SPEC §10's routes: allowed writes stop at validation (a body without `url` or `from`) or at a missing webhook. */
function webhookEndpoints(fx: Fixtures, catalogWrite: CatalogWrite, accountsEndpoint: AccountsEndpoint): Endpoint[] {
  const missing = randomUUID();
  const w = `/accounts/${fx.accountA}/core/v1/webhooks`;
  const one = `/accounts/{account}/core/v1/webhooks/{id}`;
  const named = (e: Endpoint, endpoint: string): Endpoint => ({ ...e, endpoint });
  const catalogRead = (path: string, template: string, allowed: Expected): Endpoint => ({ endpoint: `GET ${template}`, service: 'query', method: 'GET', path, family: 'catalog', access: 'read', adminRead: true, allowed });
  return [
    catalogWrite('POST', '/webhooks', { status: 422 }, '{}'),
    named(catalogWrite('PUT', `/webhooks/${missing}`, { status: 422 }, '{}'), 'PUT /webhooks/{id}'),
    named(catalogWrite('DELETE', `/webhooks/${missing}`, { status: 404 }), 'DELETE /webhooks/{id}'),
    named(catalogWrite('POST', `/webhooks/${missing}/ping`, { status: 404 }), 'POST /webhooks/{id}/ping'),
    named(catalogWrite('POST', `/webhooks/${missing}/rotate-secret`, { status: 404 }), 'POST /webhooks/{id}/rotate-secret'),
    named(catalogWrite('POST', `/webhooks/${missing}/replay`, { status: 422 }, '{}'), 'POST /webhooks/{id}/replay'),
    catalogRead('/webhooks', '/webhooks', { status: 200 }),
    catalogRead(`/webhooks/${missing}`, '/webhooks/{id}', { status: 404 }),
    catalogRead(`/webhooks/${missing}/deliveries`, '/webhooks/{id}/deliveries', { status: 404 }),
    accountsEndpoint('POST', w, '/accounts/{account}/core/v1/webhooks', 'write', { status: 400, problem: 8 }, '{}'),
    accountsEndpoint('PUT', `${w}/${missing}`, one, 'write', { status: 400, problem: 8 }, '{}'),
    accountsEndpoint('DELETE', `${w}/${missing}`, one, 'write', { status: 404, problem: 1 }),
    accountsEndpoint('POST', `${w}/${missing}/ping`, `${one}/ping`, 'write', { status: 404, problem: 1 }),
    accountsEndpoint('POST', `${w}/${missing}/rotate-secret`, `${one}/rotate-secret`, 'write', { status: 404, problem: 1 }),
    accountsEndpoint('POST', `${w}/${missing}/replay`, `${one}/replay`, 'write', { status: 400, problem: 8 }, '{}'),
    accountsEndpoint('GET', w, '/accounts/{account}/core/v1/webhooks', 'read', { status: 200 }),
    accountsEndpoint('GET', `${w}/${missing}`, one, 'read', { status: 404, problem: 2 }),
    accountsEndpoint('GET', `${w}/${missing}/deliveries`, `${one}/deliveries`, 'read', { status: 404, problem: 2 }),
  ];
}

/** SPEC §3: token (401) → account (404, problem 2; 1 on DELETE) → role (403) → the route itself. */
export function expected(e: Endpoint, kind: TokenKind): Expected {
  const accounts = e.family === 'accounts';
  if (kind === 'none') return { status: 401, ...(accounts && { problem: 3 }) };
  if (INVALID.includes(kind)) return { status: 401, ...(accounts && { problem: 4 }) };
  const foreign = kind === 'member-of-other-account' || kind === 'viewer-of-other-account';
  // A DELETE answers a foreign account as a missing resource (problem 1), the only 404 NetApp's document lists for it.
  if (accounts && foreign) return { status: 404, problem: e.method === 'DELETE' ? 1 : 2 };
  const role = kind === 'member-of-other-account' ? 'member' : kind === 'viewer-of-other-account' ? 'viewer' : kind;
  const needed = e.access === 'read' && !e.adminRead ? 'viewer' : accounts ? 'member' : 'admin';
  const order = ['viewer', 'member', 'admin'];
  if (order.indexOf(role) < order.indexOf(needed)) return { status: 403, ...(accounts && { problem: 11 }) };
  return e.allowed;
}

export type MatrixCase = { request: HostileRequest; expected: Expected; kind: TokenKind };

export function matrixCases(fx: Fixtures, auth: Record<TokenKind, string | undefined>, kinds: readonly TokenKind[], label: string): MatrixCase[] {
  return endpoints(fx).flatMap((e) =>
    kinds.map((kind) => {
      const authorization = auth[kind];
      const headers: Record<string, string> = { ...(authorization !== undefined && { authorization }), ...(e.body !== undefined && { 'content-type': 'application/json' }) };
      const request: HostileRequest = { endpoint: `${e.endpoint} [${label}]`, service: e.service, method: e.method, path: e.path, headers, ...(e.body !== undefined && { body: e.body }) };
      return { request, expected: expected(e, kind), kind };
    }),
  );
}
