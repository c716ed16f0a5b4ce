// Every endpoint of both services, bound to the planted fixtures: what the fuzzer aims at.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Fixtures } from '../support/fixtures.js';
import type { TokenKind } from '../support/tokens.js';
import { garbageAuthorization } from './headers.js';
import type { ReadRoute } from './reads.js';
import {
  accountCreateSpec,
  accountUpdateSpec,
  catalogCreateSpec,
  catalogUpdateSpec,
  componentCreateSpec,
  componentUpdateSpec,
  releaseCreateSpec,
  releaseUpdateSpec,
  versionSetCreateSpec,
  versionSetUpdateSpec,
  type PartsContext,
} from './specs.js';
import { badNumber, badPackageRef, badUuid, missingPackageRef, segment } from './urls.js';
import { hostileString } from './values.js';
import type { WriteRoute } from './writes.js';

export type PageTokens = Record<'catalogList' | 'versionSets' | 'history' | 'accountsList' | 'accountsHistory', { query: string; param: string; token: string }[]>;
export type RouteContext = { fx: Fixtures; auth: Record<TokenKind, string | undefined>; pageTokens: PageTokens };

const INVALID: TokenKind[] = ['none', 'malformed', 'wrong-signature', 'expired', 'alg-none', 'hs256-signed-with-public-key', 'rs256-header-hmac-signature', 'rs256-when-hs256-expected'];
const slash = fc.constantFrom('', '/');
const accounts = (account: string) => `/accounts/${account}/core/v1/packages`;

export function writeRoutes({ fx, auth }: RouteContext): WriteRoute[] {
  const ctx = { pkgId: fx.pkg.id, alias: fx.pkg.alias, otherPkgId: `pkg_${randomUUID()}`, packageBody: fx.pkg.body, resourceA: fx.packageA.resource };
  const kinds = (list: TokenKind[]) => list.map((k) => auth[k]);
  const catalogGood = [auth.admin as string, fx.admin];
  const catalogBad = kinds([...INVALID, 'viewer', 'member', 'member-of-other-account', 'viewer-of-other-account']);
  const accountGood = [auth.member as string, auth.admin as string, fx.admin];
  const accountBad = kinds([...INVALID, 'viewer', 'member-of-other-account', 'viewer-of-other-account']);
  const pkgRef = fc.constantFrom(fx.pkg.id, fx.pkg.alias);
  const pkgPath = fc.tuple(pkgRef, slash).map(([p, s]) => `/packages/${p}${s}`);
  const missingPkg = fc.tuple(fc.oneof(missingPackageRef, badPackageRef), slash).map(([p, s]) => `/packages/${p}${s}`);
  const vsPath = fc.tuple(pkgRef, fc.constantFrom('1', '2'), slash).map(([p, n, s]) => `/packages/${p}/versionsets/${n}${s}`);
  const badVsPath = fc.oneof(
    fc.tuple(pkgRef, badNumber).map(([p, n]) => `/packages/${p}/versionsets/${n}`),
    fc.tuple(pkgRef, fc.constantFrom('3', '0', '999999')).map(([p, n]) => `/packages/${p}/versionsets/${n}/`),
    fc.tuple(missingPackageRef, fc.constantFrom('1', '2')).map(([p, n]) => `/packages/${p}/versionsets/${n}`),
  );
  const parts = partRoutes(fx, pkgRef, { ...ctx, components: fx.components, release: fx.release }, catalogGood, catalogBad);
  const aPkg = fc.constantFrom(`${accounts(fx.accountA)}/${fx.packageA.id}`);
  const badAPkg = fc.oneof(
    fc.constant(null).map(() => `${accounts(fx.accountA)}/${randomUUID()}`),
    badUuid.map((id) => `${accounts(fx.accountA)}/${id}`),
    fc.constant(`${accounts(fx.accountA)}/${fx.packageB.id}`),
    badUuid.map((a) => `${accounts(a)}/${fx.packageA.id}`),
  );
  return [
    { endpoint: 'POST /packages', method: 'POST', path: slash.map((s) => `/packages${s}`), spec: catalogCreateSpec(ctx), goodAuth: catalogGood, badAuth: catalogBad },
    { endpoint: 'PUT /packages/{package}', method: 'PUT', path: pkgPath, badPath: missingPkg, spec: catalogUpdateSpec(ctx), goodAuth: catalogGood, badAuth: catalogBad },
    { endpoint: 'DELETE /packages/{package}', method: 'DELETE', path: pkgPath, badPath: missingPkg, goodAuth: catalogGood, badAuth: catalogBad },
    {
      endpoint: 'POST /packages/{package}/versionsets', method: 'POST', path: fc.tuple(pkgRef, slash).map(([p, s]) => `/packages/${p}/versionsets${s}`),
      badPath: fc.tuple(fc.oneof(missingPackageRef, badPackageRef), slash).map(([p, s]) => `/packages/${p}/versionsets${s}`),
      spec: versionSetCreateSpec(), goodAuth: catalogGood, badAuth: catalogBad,
    },
    { endpoint: 'PUT /packages/{package}/versionsets/{number}', method: 'PUT', path: vsPath, badPath: badVsPath, spec: versionSetUpdateSpec(ctx), goodAuth: catalogGood, badAuth: catalogBad },
    { endpoint: 'DELETE /packages/{package}/versionsets/{number}', method: 'DELETE', path: vsPath, badPath: badVsPath, goodAuth: catalogGood, badAuth: catalogBad },
    ...parts,
    {
      endpoint: 'POST /accounts/{account}/core/v1/packages', method: 'POST', path: slash.map((s) => `${accounts(fx.accountA)}${s}`),
      badPath: badUuid.map((a) => accounts(a)), spec: accountCreateSpec(), goodAuth: accountGood, badAuth: accountBad,
    },
    { endpoint: 'PUT /accounts/{account}/core/v1/packages/{id}', method: 'PUT', path: aPkg, badPath: badAPkg, spec: accountUpdateSpec(ctx), goodAuth: accountGood, badAuth: accountBad },
    { endpoint: 'DELETE /accounts/{account}/core/v1/packages/{id}', method: 'DELETE', path: aPkg, badPath: badAPkg, goodAuth: accountGood, badAuth: accountBad },
  ];
}

/**
 * Component writes aim at VersionSet 1 (where `controller` is primary and `webhook` exists) and
 * release writes at `1.5.0`, by id or alias and as `<package>@<version>`; bad paths name a missing
 * package, VersionSet, component or release, or a release of another package.
 */
function partRoutes(fx: Fixtures, pkgRef: fc.Arbitrary<string>, ctx: PartsContext, goodAuth: string[], badAuth: (string | undefined)[]): WriteRoute[] {
  const components = pkgRef.map((p) => `/packages/${p}/versionsets/1/components`);
  const badComponents = fc.oneof(
    fc.tuple(fc.oneof(missingPackageRef, badPackageRef), fc.constantFrom('1', '2')).map(([p, n]) => `/packages/${p}/versionsets/${n}/components`),
    fc.tuple(pkgRef, fc.oneof(badNumber, fc.constantFrom('3', '0', '999999'))).map(([p, n]) => `/packages/${p}/versionsets/${n}/components`),
  );
  const webhook = fc.tuple(components, fc.constantFrom('webhook', 'webhook/')).map(([c, w]) => `${c}/${w}`);
  const badComponent = fc.oneof(
    fc.tuple(pkgRef, fc.constantFrom('2', '3')).map(([p, n]) => `/packages/${p}/versionsets/${n}/components/webhook/`),
    fc.tuple(components, segment(fc.oneof(fc.constantFrom('nope', 'webhook2', 'Webhook', 'ghcr.io/x', 'controller:x'), hostileString.filter((n) => !['webhook', 'controller'].includes(n))))).map(([c, n]) => `${c}/${n}`),
    fc.tuple(fc.oneof(missingPackageRef, badPackageRef)).map(([p]) => `/packages/${p}/versionsets/1/components/webhook`),
  );
  const releases = pkgRef.map((p) => `/packages/${p}/releases`);
  const release = fc.tuple(releases, fc.constantFrom('1.5.0', '1.5.0/', 'v1.5.0', '1.5.0%2Bbuild', `${fx.pkg.id}@1.5.0`, `${fx.pkg.alias}@1.5.0/`)).map(([r, v]) => `${r}/${v}`);
  const badRelease = fc.oneof(
    fc.tuple(releases, segment(fc.oneof(fc.constantFrom('1.5.1', '1.5', 'latest', '1.5.0-rc.1', `${ctx.otherPkgId}@1.5.0`, 'no-such-alias@1.5.0', '@1.5.0', `${fx.pkg.id}@`), hostileString.filter((v) => !/^v?1\.5\.0(\+.*)?$/.test(v))))).map(([r, v]) => `${r}/${v}`),
    fc.oneof(missingPackageRef, badPackageRef).map((p) => `/packages/${p}/releases/1.5.0`),
  );
  const badReleases = fc.oneof(missingPackageRef, badPackageRef).map((p) => `/packages/${p}/releases`);
  const route = (endpoint: string, method: WriteRoute['method'], path: fc.Arbitrary<string>, badPath: fc.Arbitrary<string>, spec?: WriteRoute['spec']): WriteRoute => ({
    endpoint, method, path, badPath, ...(spec && { spec }), goodAuth, badAuth,
  });
  return [
    route('POST /packages/{package}/versionsets/{number}/components', 'POST', fc.tuple(components, slash).map(([c, s]) => `${c}${s}`), badComponents, componentCreateSpec()),
    route('PUT /packages/{package}/versionsets/{number}/components/{component}', 'PUT', webhook, badComponent, componentUpdateSpec(ctx)),
    route('DELETE /packages/{package}/versionsets/{number}/components/{component}', 'DELETE', webhook, badComponent),
    route('POST /packages/{package}/releases', 'POST', fc.tuple(releases, slash).map(([r, s]) => `${r}${s}`), badReleases, releaseCreateSpec()),
    route('PUT /packages/{package}/releases/{release}', 'PUT', release, badRelease, releaseUpdateSpec(ctx)),
    route('DELETE /packages/{package}/releases/{release}', 'DELETE', release, badRelease),
  ];
}

export function readRoutes({ fx, pageTokens }: RouteContext): ReadRoute[] {
  const ref = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(fx.pkg.id, fx.pkg.alias) }, { weight: 1, arbitrary: missingPackageRef }, { weight: 2, arbitrary: badPackageRef });
  const number = fc.oneof(fc.constantFrom('1', '2', '3', '0'), badNumber);
  const account = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(fx.accountA, fx.accountB) }, { weight: 1, arbitrary: badUuid });
  const pkgId = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(fx.packageA.id, fx.packageB.id) }, { weight: 1, arbitrary: fc.constant(null).map(() => randomUUID()) }, { weight: 1, arbitrary: badUuid });
  const paging = { page_size: ['1', '100', '101', '1000', '1001', '0', '-1', ''], continuation_token: ['', 'abc', 'e30', '%'] };
  const filter = ['system:helm', 'system:kube', `alias:${fx.pkg.alias}`, 'alias:UPPER', 'system:', ':', 'foo:bar', 'system:helm:x', 'system', 'title:x', 'alias:', 'system:HELM'];
  const astraFilter = ["packageName eq 'x'", "packageVersion gt '1.0'", "packageVersion lt 'abc'", "id eq 'x',packageState eq 'available'", "metadata.creationTimestamp gte '2020-01-01T00:00:00.000Z'",
    "metadata.creationTimestamp lt 'yesterday'", 'packageName eq x', "packageName like 'x'", "packageName eq 'it''s'", "packageName eq '", "severityLevel eq ''", "foo eq 'x'", ',', "packageName  eq  'x'", "packageType eq 'install',", "packageName eq 'a' , id eq 'b'"];
  const astraList = { filter: astraFilter, orderBy: ['packageName', 'packageVersion desc', 'id asc', 'metadata.creationTimestamp desc', 'foo', 'packageName desc desc', '', 'packageName,id', 'packageVersion DESC'],
    include: ['id,packageName', 'metadata', 'foo', 'id,id', '', 'metadata.labels', 'packageStateTransitions', 'packageVersion,metadata.creationTimestamp'],
    limit: ['1', '1000', '1001', '0', '-1', ''], skip: ['0', '1', '-1', '99999999999999999', ''], continue: ['', 'abc', 'e30'], count: ['true', 'false', '1', 'yes', ''] };
  const q = ['argo', 'Argo Workflows', 'workfl', fx.pkg.alias, fx.pkg.alias.toUpperCase(), '', ' ', 'x'.repeat(200), 'x'.repeat(201), 'x '.repeat(100), "'; DROP TABLE catalog_packages; --",
    'argo & !x', "'a':* | b", '(', '\\', "''", '---', 'pkg_x', '😀'.repeat(200), '😀'.repeat(201), '\u0000', 'a\u0000b', '\ud800'];
  const asOf = ['1', '2', '5', '0', '-1', '9007199254740991', '9007199254740992', '99999999999999999999', '2026-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z', '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999999Z', '2016-12-31T23:59:60Z', '2026-02-30T00:00:00Z', '2026-01-01T00:00:00+23:59', '2026-01-01T00:00:00 02:00', 'now', '', "1' OR '1'='1", '1;DROP TABLE event_history'];
  return [
    { endpoint: 'GET /packages', path: fc.constantFrom('/packages', '/packages/'), params: { ...paging, filter, q }, pageTokens: pageTokens.catalogList },
    { endpoint: 'GET /packages/{package}', path: fc.tuple(ref, slash).map(([r, s]) => `/packages/${r}${s}`), params: { x: ['1'], as_of: asOf } },
    { endpoint: 'GET /packages/{package}/versionsets', path: fc.tuple(ref, slash).map(([r, s]) => `/packages/${r}/versionsets${s}`), params: { ...paging, version: ['1.5.0', 'v1', 'abc', '1.0.0-rc.1', '>=1', '', '2.0.0'], as_of: asOf }, pageTokens: pageTokens.versionSets },
    { endpoint: 'GET /packages/{package}/versionsets/{number}', path: fc.tuple(ref, number, slash).map(([r, n, s]) => `/packages/${r}/versionsets/${n}${s}`), params: { x: ['1'], as_of: asOf } },
    { endpoint: 'GET /versionsets/{id}', path: fc.tuple(ref, number).map(([r, n]) => `/versionsets/${r}:${n}`), params: { x: ['1'], as_of: asOf } },
    { endpoint: 'GET /versionsets/{id} (malformed)', path: segment(fc.oneof(fc.constantFrom(`${fx.pkg.id}:`, `:1`, `${fx.pkg.id}::1`, `${fx.pkg.alias}:1:2`, fx.pkg.id), fc.string())).map((s) => `/versionsets/${s}`), params: {} },
    { endpoint: 'GET /packages/{package}/history', path: fc.tuple(ref, slash).map(([r, s]) => `/packages/${r}/history${s}`), params: paging, pageTokens: pageTokens.history },
    { endpoint: 'GET /accounts/{account}/core/v1/packages', path: fc.tuple(account, slash).map(([a, s]) => `${accounts(a)}${s}`), params: astraList, pageTokens: pageTokens.accountsList },
    { endpoint: 'GET /accounts/{account}/core/v1/packages/{id}', path: fc.tuple(account, pkgId).map(([a, p]) => `${accounts(a)}/${p}`), params: { x: ['1'], asOf, as_of: asOf } },
    { endpoint: 'GET /accounts/{account}/core/v1/packages/{id}/history', path: fc.tuple(account, pkgId).map(([a, p]) => `${accounts(a)}/${p}/history`), params: { limit: astraList.limit, continue: astraList.continue, skip: astraList.skip }, pageTokens: pageTokens.accountsHistory },
  ];
}

/** Any token at all: valid ones of every role, the invalid kinds, and garbage. */
export function anyAuth({ auth, fx }: RouteContext): fc.Arbitrary<string | undefined> {
  const valid = [auth.viewer, auth.member, auth.admin, auth['member-of-other-account'], fx.admin];
  return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 2, arbitrary: fc.constantFrom(...INVALID.map((k) => auth[k])) }, { weight: 1, arbitrary: garbageAuthorization(fx.admin) });
}
