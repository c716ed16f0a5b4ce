import { loadSchemas } from '../schemas/schema-files.js';
import { ref, type JsonSchema } from './openapi.types.js';
import { AS_OF_DESCRIPTION, AS_OF_SCHEMA, responseHeaders, type HeaderName } from './shared.components.js';

// The catalog family (SPEC §4): the seed schemas of schemas/http/ as served at /schemas/*, the
// request bodies derived from them, list pages, and the Huma-style ErrorModel for every error.

const SEED_SCHEMAS = ['Package', 'PackageVersionSet', 'PackageComponent', 'PackageRelease', 'Versioning', 'ErrorModel', 'ErrorDetail'] as const;

/** `#/$defs/X` → `#/components/schemas/X`: every `$defs` entry of the seeds has a file of its own. */
function asComponent(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $defs: _defs, ...rest } = schema;
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}

export function seedSchemas(): Record<string, JsonSchema> {
  const files = loadSchemas();
  return Object.fromEntries(
    SEED_SCHEMAS.map((name) => {
      const schema = files.get(`${name}.json`);
      if (schema === undefined) throw new Error(`schemas/http/${name}.json is missing`);
      return [name, asComponent(schema as JsonSchema)];
    }),
  );
}

const props = (schema: JsonSchema | undefined): Record<string, JsonSchema> => (schema?.['properties'] ?? {}) as Record<string, JsonSchema>;
const pick = (from: Record<string, JsonSchema>, names: string[]) => Object.fromEntries(names.map((n) => [n, from[n] ?? {}]));

const ALIAS = { type: 'string', minLength: 1, maxLength: 100, pattern: '^(?!pkg_)[a-z0-9._-]+$' };

/** Create and PUT bodies: the GET body's writable fields with the limits of SPEC §4.1. */
function catalogBodies(seeds: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const pkg = props(seeds['Package']);
  const writable = {
    ...pick(pkg, ['$schema', 'system']),
    title: { ...pkg['title'], minLength: 1, maxLength: 200 },
    aliases: { ...pkg['aliases'], items: ALIAS, maxItems: 32, uniqueItems: true, description: 'Globally unique; a taken alias is 409.' },
    description: { ...pkg['description'], maxLength: 10_000 },
    versioning: pkg['versioning'] ?? {},
  };
  const versionSet = props(seeds['PackageVersionSet']);
  const constraint = { ...versionSet['version_constraint'], minLength: 1, description: 'A node-semver range, stored verbatim; live ranges of a package must not intersect.' };
  return {
    PackageCreate: { type: 'object', additionalProperties: false, required: ['title', 'system'], properties: writable },
    PackageUpdate: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'system'],
      description: 'The GET body: `$schema`, `id` and audit fields are ignored when `id` is the path\'s package; an omitted optional field is reset.',
      properties: { ...pkg, ...writable },
    },
    VersionSetCreate: { type: 'object', additionalProperties: false, required: ['version_constraint'], properties: { ...pick(versionSet, ['$schema']), version_constraint: constraint } },
    VersionSetUpdate: {
      type: 'object',
      additionalProperties: false,
      required: ['version_constraint'],
      description: 'The GET body; `package` and `number` must match the path.',
      properties: { ...versionSet, version_constraint: constraint },
    },
    ...partBodies(seeds),
  };
}

/** Component and release bodies (SPEC §4.4, §4.5): the seed schemas' own fields and limits. */
function partBodies(seeds: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const component = props(seeds['PackageComponent']);
  const release = props(seeds['PackageRelease']);
  const closed = (required: string[], properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
    type: 'object',
    additionalProperties: false,
    required,
    ...(description && { description }),
    properties,
  });
  return {
    ComponentCreate: closed(['name', 'title', 'primary'], pick(component, ['$schema', 'name', 'title', 'primary', 'description'])),
    ComponentUpdate: closed(['name', 'title', 'primary'], component, 'The GET body; `name`, `package` and `versionset_number` must match the path.'),
    ReleaseCreate: closed(['version'], pick(release, ['$schema', 'version', 'released_on', 'changes'])),
    ReleaseUpdate: closed(['version'], release, 'The GET body; `version` and `package` are immutable, `versionset_number` is ignored.'),
  };
}

const page = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: { data: { type: 'array', items: item }, continuation_token: { type: 'string', description: 'Pass back to get the next page.' } },
});

export function catalogSchemas(): Record<string, JsonSchema> {
  const seeds = seedSchemas();
  return {
    ...seeds,
    ...catalogBodies(seeds),
    PackagePage: page(ref('schemas', 'Package')),
    VersionSetPage: page(ref('schemas', 'PackageVersionSet')),
    ComponentPage: page(ref('schemas', 'PackageComponent')),
    ReleasePage: page(ref('schemas', 'PackageRelease')),
    CatalogHistoryPage: page(ref('schemas', 'CloudEvent')),
  };
}

const body = (schema: string, description: string) => ({ description, required: true, content: { 'application/json': { schema: ref('schemas', schema) } } });

export const catalogRequestBodies = {
  PackageCreate: body('PackageCreate', 'A new Package. Unknown and server-owned fields are 422; `null` means absent.'),
  PackageUpdate: body('PackageUpdate', 'The Package as GET returned it, changed.'),
  VersionSetCreate: body('VersionSetCreate', 'Exactly `version_constraint` (and an echoed `$schema`).'),
  VersionSetUpdate: body('VersionSetUpdate', 'The PackageVersionSet as GET returned it, changed.'),
  ComponentCreate: body('ComponentCreate', '`name`, `title`, `primary` and an optional `description`.'),
  ComponentUpdate: body('ComponentUpdate', 'The PackageComponent as GET returned it, changed.'),
  ReleaseCreate: body('ReleaseCreate', '`version` (SemVer 2.0, a leading `v` kept), optional `released_on` and `changes`.'),
  ReleaseUpdate: body('ReleaseUpdate', 'The PackageRelease as GET returned it, changed.'),
};

const REASONS: Record<number, string> = {
  400: 'Bad Request: malformed JSON, bad query parameter or header (`errors[].location` names it)',
  401: 'Unauthorized: missing or invalid bearer token (`WWW-Authenticate: Bearer`)',
  403: 'Forbidden: the token\'s role is too low',
  404: 'Not Found (also a deleted resource, a malformed id, an unknown route)',
  405: 'Method Not Allowed (`Allow` lists the methods)',
  409: 'Conflict: taken alias, overlapping range (every overlapping VersionSet listed), component name or primary taken, release version of equal precedence, id or system mismatch, lost races, key in flight',
  412: 'Precondition Failed: stale `If-Match`',
  413: 'Content Too Large: body over BODY_LIMIT_BYTES',
  415: 'Unsupported Media Type: not JSON',
  422: 'Unprocessable Entity: body validation, or an idempotency key reused with another request',
  503: 'Service Unavailable: consistency wait timed out or the event store does not answer (`Retry-After`)',
};

export const catalogErrorName = (status: number): string => `CatalogError${status}`;

export const catalogResponses: Record<string, unknown> = Object.fromEntries(
  Object.entries(REASONS).map(([status, description]) => [
    catalogErrorName(Number(status)),
    {
      description,
      headers: responseHeaders(...(['409', '503'].includes(status) ? (['RetryAfter'] as const) : [])),
      content: { 'application/problem+json': { schema: ref('schemas', 'ErrorModel') } },
    },
  ]),
);

/** `{ '401': 'CatalogError401', … }` for a route table. */
export const catalogErrors = (...statuses: number[]): Record<string, string> =>
  Object.fromEntries(statuses.map((status) => [String(status), catalogErrorName(status)]));

const resource = (schema: string, description: string, ...headers: HeaderName[]) => ({
  description,
  headers: responseHeaders('ETag', ...headers),
  content: { 'application/json': { schema: ref('schemas', schema) } },
});
const listOf = (schema: string, description: string) => ({ description, headers: responseHeaders(), content: { 'application/json': { schema: ref('schemas', schema) } } });

export const catalogSuccess = {
  PackageCreated: resource('Package', 'Created; `X-Consistency-Token` makes the next read see it.', 'Location', 'XConsistencyToken'),
  PackageWritten: resource('Package', 'Updated (or unchanged: no event).', 'XConsistencyToken'),
  PackageRead: resource('Package', 'The Package.'),
  VersionSetCreated: resource('PackageVersionSet', 'Created.', 'Location', 'XConsistencyToken'),
  VersionSetWritten: resource('PackageVersionSet', 'Updated (or unchanged: no event).', 'XConsistencyToken'),
  VersionSetRead: resource('PackageVersionSet', 'The PackageVersionSet (ETag: its package\'s version).'),
  ComponentCreated: resource('PackageComponent', 'Created.', 'Location', 'XConsistencyToken'),
  ComponentWritten: resource('PackageComponent', 'Updated (or unchanged: no event).', 'XConsistencyToken'),
  ReleaseCreated: resource('PackageRelease', 'Created; `versionset_number` is the live VersionSet holding its version.', 'Location', 'XConsistencyToken'),
  ReleaseWritten: resource('PackageRelease', 'Updated (or unchanged: no event).', 'XConsistencyToken'),
  ComponentRead: resource('PackageComponent', 'The PackageComponent (ETag: its package\'s version).'),
  ReleaseRead: resource('PackageRelease', 'The PackageRelease (ETag: its package\'s version); `versionset_number` is the live VersionSet holding its version.'),
  CatalogDeleted: { description: 'Deleted.', headers: responseHeaders('ETag', 'XConsistencyToken') },
  PackagePage: listOf('PackagePage', 'Packages in creation order.'),
  VersionSetPage: listOf('VersionSetPage', 'VersionSets by number (`data: []` when `version` matches none).'),
  ComponentPage: listOf('ComponentPage', 'The VersionSet\'s components by name.'),
  ReleasePage: listOf('ReleasePage', 'Releases, highest version first (SemVer precedence).'),
  CatalogHistoryPage: listOf('CatalogHistoryPage', 'The package\'s events, oldest first; readable after a delete.'),
};

const path = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'path', required: true, description, schema });
const query = (name: string, description: string, schema: JsonSchema) => ({ name, in: 'query', required: false, description, schema });

/** `q=` of `GET /packages` (SPEC §4.6): the query service checks the same bound. */
export const SEARCH_TEXT_MAX_CHARS = 200;

export const catalogParameters = {
  PackageRef: path('package', 'A Package id (`pkg_<uuid v4>`) or any of its aliases.'),
  VersionSetNumber: path('number', 'The VersionSet number (1, 2, …).', { type: 'integer', minimum: 1 }),
  VersionSetId: path('id', '`<package id or alias>:<number>`, e.g. `argo-workflows:1`.'),
  PackagePageSize: query('page_size', 'Page size.', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
  VersionSetPageSize: query('page_size', 'Page size.', { type: 'integer', minimum: 1, maximum: 100, default: 100 }),
  ContinuationToken: query('continuation_token', 'From the previous page.', { type: 'string' }),
  PackageFilter: {
    ...query('filter', '`key:value` on `system` or `alias`; repeated: OR within a key, AND across keys.', { type: 'array', items: { type: 'string', pattern: '^(system|alias):.+$' } }),
    style: 'form',
    explode: true,
  },
  Version: query('version', 'A SemVer version: answers the VersionSet whose range holds it.', { type: 'string' }),
  SearchText: query(
    'q',
    'Full-text search over title, description and aliases; every word must match, as a prefix (`argo` finds `argo-workflows`). ' +
      'An exact alias match comes first, then by relevance, then creation order. Combinable with `filter`; paged like the list.',
    { type: 'string', minLength: 1, maxLength: SEARCH_TEXT_MAX_CHARS },
  ),
  AsOf: query('as_of', AS_OF_DESCRIPTION, AS_OF_SCHEMA),
  ComponentName: path('component', 'The component name, percent-encoded.'),
  ComponentId: path('id', '`<package id or alias>:<number>:<name>`, e.g. `cert-manager:1:controller`.'),
  ReleaseRef: path('release', '`<package id or alias>@<version>` or the bare version; a version of equal SemVer precedence finds it (`1.2.0` = `v1.2.0`).'),
  ReleaseId: path('id', '`<package id or alias>@<version>`, e.g. `helm-kube-prometheus-stack@65.4.0`.'),
  VersionConstraint: query('version_constraint', 'A node-semver range the versions must satisfy (prereleases decided by `prerelease`).', { type: 'string', minLength: 1 }),
  VersionSetFilter: query('versionset', 'Only the releases the live VersionSet with this number holds.', { type: 'integer', minimum: 0 }),
  Prerelease: query('prerelease', 'Include prerelease versions.', { type: 'boolean', default: false }),
};
