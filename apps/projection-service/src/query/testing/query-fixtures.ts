// Shared pieces of the query e2e tests: schema validators, exact error bodies, seeded aggregates.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats, { type FormatsPlugin } from 'ajv-formats';
import { accountEvent, accountResource, catalogEvent, newPackageId, packageFields } from '../../testing/event.factories.js';
import { checked } from '../../../../../test/e2e/support/vendor-check.js';
import { call, type Answer, type QueryApp } from './query-app.harness.js';

// ajv-formats is CommonJS: its default export arrives as the module object under nodenext.
const addFormats = ((formats as unknown as { default?: FormatsPlugin }).default ?? formats) as unknown as FormatsPlugin;
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);

/** A validator for a seed schema of `schemas/http/` (additionalProperties: false). */
export const seedSchema = (name: 'Package' | 'PackageVersionSet' | 'PackageComponent' | 'PackageRelease' | 'ErrorModel') =>
  ajv.compile(JSON.parse(readFileSync(new URL(`../../../../../schemas/http/${name}.json`, import.meta.url), 'utf8')) as object);

export type Get = (path: string, after?: number, headers?: Record<string, string>, method?: string) => Promise<Answer>;

/** Reads as `token`, waiting for stream position `after` with X-Consistency-Token. */
export const reader =
  (app: QueryApp, token: string, prefix = ''): Get =>
  (path, after, headers = {}, method = 'GET') =>
    call(app.baseUrl, `${prefix}${path}`, { method, token, headers: { ...(after && { 'x-consistency-token': String(after) }), ...headers } });

/** The catalog's ErrorModel for a BadRequestError. */
export const badRequest = (location: string, message: string, value?: unknown) => ({
  status: 400,
  title: 'Bad Request',
  detail: message,
  errors: [value === undefined ? { location, message } : { location, message, value }],
});

/** An Astra problem with its number's fixed texts; `correlationID` is the request's id, a new UUID v4 here. */
export const astraProblem = (n: number, status: number, title: string, detail: string, extra: Record<string, unknown> = {}) => ({
  type: `https://astra.netapp.io/problems/${n}`,
  title,
  detail,
  status: String(status),
  correlationID: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
  ...extra,
});
export const collectionNotFound = astraProblem(2, 404, 'Collection not found', "The collection specified in the request URI wasn't found.");
/** Problem 5: the fixed texts, and what is wrong with the parameter in `invalidParams`. */
export const invalidParam = (name: string, reason: string) =>
  astraProblem(5, 400, 'Invalid query parameters', 'The supplied query parameters are invalid.', { invalidParams: [{ name, reason }] });

export const TRANSITIONS = [
  { from: 'verifying', to: ['corrupt', 'incomplete', 'available'] },
  { from: 'corrupt', to: ['incomplete', 'available'] },
  { from: 'incomplete', to: ['corrupt', 'available'] },
  { from: 'available', to: ['corrupt', 'available'] },
];

/** A catalog package with two VersionSets and an update; ids, alias, events and their sequences. */
export async function seedCatalogPackage(app: QueryApp, overrides: Record<string, unknown> = {}) {
  const id = newPackageId();
  const alias = `argo-${randomUUID().slice(0, 8)}`;
  const fields = packageFields(id, { aliases: [alias], ...overrides });
  const events = [
    catalogEvent('PackageCreated', id, fields, { actor: 'creator-1' }),
    catalogEvent('VersionSetCreated', id, { package: id, number: 1, version_constraint: '>=1.0 <2' }),
    catalogEvent('VersionSetCreated', id, { package: id, number: 2, version_constraint: '>=2.0.0' }),
    catalogEvent('PackageUpdated', id, { ...fields, title: 'Argo Workflows' }, { actor: 'editor-2' }),
  ];
  const seqs = await app.publish(events);
  return { id, alias, fields, events, seqs, last: seqs.at(-1) as number };
}

export type Account = { id: string; token: string; get: Get };

/**
 * A fresh account and a viewer token for it; `get` reads under its packages collection, and every
 * answer it returns has held against NetApp's Astra document.
 */
export async function newAccount(app: QueryApp): Promise<Account> {
  const id = randomUUID();
  const token = await app.token('viewer', [id]);
  const prefix = `/accounts/${id}/core/v1/packages`;
  const read = reader(app, token, prefix);
  const get: Get = async (path, after, headers = {}, method = 'GET') => checked(method, `${prefix}${path}`, headers, await read(path, after, headers, method));
  return { id, token, get };
}

/** Creates account packages (one PackageCreated each); their ids and the last sequence. */
export async function createAccountPackages(app: QueryApp, account: Account, overrides: Record<string, unknown>[]) {
  const ids = overrides.map(() => randomUUID());
  const events = overrides.map((o, i) => accountEvent('PackageCreated', account.id, ids[i] as string, accountResource(account.id, ids[i] as string, o)));
  const seqs = await app.publish(events);
  return { ids, last: seqs.at(-1) as number };
}
