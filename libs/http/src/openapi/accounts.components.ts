import { ASTRA_PROBLEMS } from '../errors/accounts-problem.renderer.js';
import { ref, type JsonSchema } from './openapi.types.js';
import { AS_OF_DESCRIPTION, AS_OF_SCHEMA, responseHeaders } from './shared.components.js';

// The account package family (SPEC §5): the Astra Package resource, its create and PUT bodies,
// list pages, and Astra problems (`status` a string, fixed `title` and `detail` per problem
// number), in the form of NetApp's Astra Control API 24.02.0 document (schemas/vendor/).

const UUID = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' };
const str = (maxLength: number, extra: JsonSchema = {}) => ({ type: 'string', minLength: 1, maxLength, ...extra });
const obj = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', additionalProperties: false, required, properties });
const uniqueList = (items: JsonSchema) => ({ type: 'array', uniqueItems: true, items });
const STATES = ['verifying', 'corrupt', 'incomplete', 'available'];
/** The vendor's `type_astra_identifier`: a UUID v4 or v5, or the nil UUID. */
const ASTRA_IDENTIFIER = {
  type: 'string',
  pattern: '^([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12})$',
};
/** The vendor's `type_base64_data`: padded standard base64. */
const BASE64_DATA = { type: 'string', pattern: '^([A-Za-z0-9+/]{4})*(([A-Za-z0-9+/]{2})==|([A-Za-z0-9+/]{3})=)?$' };
const CONTINUE = { ...BASE64_DATA, description: 'Opaque; send it back unchanged (percent-encoded) as `continue` for the next page.' };

const imageRef = obj(['imagePath', 'imageName', 'imageTag'], {
  imagePath: str(1023, { pattern: '^/', description: 'Absolute, without the registry host.' }),
  imageName: str(63),
  imageTag: str(31),
});

const parts: Record<string, JsonSchema> = {
  AstraImage: obj(['imagePath', 'imageName', 'imageTag', 'imageDigest'], {
    ...(imageRef['properties'] as Record<string, JsonSchema>),
    imageDigest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
    dependsOnImages: uniqueList(imageRef),
  }),
  AstraArtifact: obj(['artifactName', 'artifactIdentifier', 'artifactPath'], {
    artifactName: str(63),
    artifactIdentifier: str(511),
    artifactPath: str(1023),
    artifactVersion: str(31),
    dependsOnComponents: uniqueList(obj(['componentName', 'versions'], { componentName: { type: 'string' }, versions: uniqueList({ type: 'string' }) })),
  }),
  AstraFile: obj(['fileName', 'fileIdentifier', 'fileMediaType', 'fileContents'], {
    fileName: str(63),
    fileIdentifier: str(511),
    fileMediaType: str(211, { description: 'YAML and JSON files are parsed by the verifier.' }),
    fileContents: { type: 'string', contentEncoding: 'base64', description: 'Standard base64; kept in the event stream for ever.' },
  }),
  AstraStateDetail: obj(['type', 'title', 'detail'], { type: { type: 'string' }, title: str(40), detail: str(511) }),
  AstraLabel: obj(['name', 'value'], { name: { type: 'string' }, value: { type: 'string' } }),
};

/** What a client writes (SPEC §5.1); versions are SemVer or the seed's loose forms (`22.09.1`, `v1.22`). */
const written: Record<string, JsonSchema> = {
  type: { const: 'application/astra-package' },
  version: { const: '1.0' },
  packageName: str(31),
  packageVersion: { type: 'string', minLength: 1, examples: ['22.09.1', 'v1.19.7', '1.2.3'] },
  packageType: { enum: ['install', 'patch'] },
  severityLevel: { enum: ['recommended', 'critical'] },
  bundleName: uniqueList({ type: 'string' }),
  images: uniqueList(ref('schemas', 'AstraImage')),
  artifacts: uniqueList(ref('schemas', 'AstraArtifact')),
  files: uniqueList(ref('schemas', 'AstraFile')),
  upgradableVersions: obj([], { minVersion: { type: 'string' }, maxVersion: { type: 'string' } }),
  dependencies: uniqueList(obj(['componentName'], { componentName: { type: 'string' }, componentMinVersion: { type: 'string' }, componentMaxVersion: { type: 'string' } })),
};
const WRITTEN_REQUIRED = ['type', 'version', 'packageName', 'packageVersion', 'packageType', 'severityLevel'];

const metadata = (server: boolean): JsonSchema =>
  obj(server ? ['labels', 'creationTimestamp', 'modificationTimestamp', 'createdBy'] : [], {
    labels: uniqueList(ref('schemas', 'AstraLabel')),
    creationTimestamp: { type: 'string', format: 'date-time', readOnly: true },
    modificationTimestamp: { type: 'string', format: 'date-time', readOnly: true },
    createdBy: { type: 'string', readOnly: true },
    modifiedBy: { type: 'string', readOnly: true },
  });

const serverOwned: Record<string, JsonSchema> = {
  id: UUID,
  packageState: { enum: STATES },
  packageStateTransitions: {
    type: 'array',
    readOnly: true,
    description: 'The fixed transition table (verifying → corrupt|incomplete|available, …), on every read.',
    items: obj(['from', 'to'], { from: { enum: STATES }, to: { type: 'array', items: { enum: STATES } } }),
  },
  packageStateDetails: { type: 'array', items: ref('schemas', 'AstraStateDetail') },
};

const PROBLEM_NUMBERS = Object.keys(ASTRA_PROBLEMS).map(Number);
const problemRef = (n: number) => ref('schemas', `AstraProblem${n}`);
const nameReasons = { type: 'array', minItems: 1, uniqueItems: true, items: ref('schemas', 'AstraNameReason') };

/** What a problem says about the request in particular: parameters (5, 6), fields (9, 10), the schema failure (8). */
const problemSpecifics = (n: number): Record<string, JsonSchema> => {
  if (n === 5 || n === 6) return { invalidParams: nameReasons };
  if (n === 8) return { schemaValidationFailure: { type: 'string', description: '`name: reason` entries joined by `; `.' } };
  return n === 9 || n === 10 ? { invalidFields: nameReasons } : {};
};

/** One schema per problem number, its texts fixed as the renderer writes them (and NetApp's document for 1–11). */
const problemSchemas = (): Record<string, JsonSchema> =>
  Object.fromEntries(
    Object.entries(ASTRA_PROBLEMS).map(([n, { status, title, detail }]) => [
      `AstraProblem${n}`,
      {
        type: 'object',
        required: ['type', 'title', 'detail', 'status'],
        properties: {
          type: { const: `https://astra.netapp.io/problems/${n}` },
          title: { const: title },
          detail: { const: detail },
          status: { const: String(status), description: 'The HTTP status, as a string.' },
          correlationID: { ...ASTRA_IDENTIFIER, description: "The request's correlation id when it is such a UUID; any other id stays in X-Correlation-ID." },
          ...problemSpecifics(Number(n)),
        },
      },
    ]),
  );

export const accountsSchemas: Record<string, JsonSchema> = {
  ...parts,
  AstraPackage: obj([...WRITTEN_REQUIRED, 'id', 'packageState', 'packageStateTransitions', 'packageStateDetails', 'metadata'], {
    ...written,
    ...serverOwned,
    metadata: metadata(true),
  }),
  AstraPackageCreate: {
    ...obj(WRITTEN_REQUIRED, { ...written, metadata: metadata(false) }),
    description: '`id` and `packageState*` are rejected; in `metadata` only `labels` is taken.',
  },
  AstraPackageUpdate: {
    ...obj([...WRITTEN_REQUIRED, 'packageState'], { ...written, ...serverOwned, metadata: metadata(false) }),
    description:
      'The resource as GET returned it. `packageState` (following the transition table), `packageStateDetails` and `metadata.labels` may change; any other difference is 409 problem 10.',
  },
  AstraPackageList: obj(['type', 'version', 'items', 'metadata'], {
    type: { const: 'application/astra-packages' },
    version: { const: '1.0' },
    items: {
      type: 'array',
      description: 'Packages, or with `include` arrays of the named fields in that order (`null` when absent).',
      items: { oneOf: [ref('schemas', 'AstraPackage'), { type: 'array', items: { description: 'The named field\'s value, `null` when absent.' } }] },
    },
    metadata: obj([], { continue: CONTINUE, count: { type: 'integer', minimum: 0 } }),
  }),
  AstraHistory: obj(['items', 'metadata'], { items: { type: 'array', items: ref('schemas', 'CloudEvent') }, metadata: obj([], { continue: CONTINUE }) }),
  ...problemSchemas(),
  AstraNameReason: obj(['name', 'reason'], { name: { type: 'string' }, reason: { type: 'string' } }),
};

const ASTRA_MEDIA = ['application/astra-package+json', 'application/json'];
/** Bodies in either JSON type; answers in the first one listed unless `Accept` prefers the other. */
const content = (schema: string, media: readonly string[] = ASTRA_MEDIA) => Object.fromEntries(media.map((type) => [type, { schema: ref('schemas', schema) }]));
/** A page, as NetApp's document declares its list: application/json first. */
const pageContent = (schema: string) => content(schema, [...ASTRA_MEDIA].reverse());

export const accountsRequestBodies = {
  AstraPackageCreate: { description: 'A new account package (verification starts on creation).', required: true, content: content('AstraPackageCreate') },
  AstraPackageUpdate: { description: 'The package as GET returned it, changed.', required: true, content: content('AstraPackageUpdate') },
};

/** Problem numbers per status (SPEC §5.3). */
const PROBLEMS: Record<number, string> = {
  400: '5 invalid query parameters (`invalidParams`), 6 query parameters not supported (`invalidParams`), 7 invalid JSON, 8 invalid resource (`schemaValidationFailure`), 9 extended validation (`invalidFields`)',
  401: '3 missing bearer token, 4 invalid bearer token (`WWW-Authenticate: Bearer`)',
  403: "11 operation not permitted (the token's role is too low)",
  404: '1 resource not found (PUT/DELETE; on DELETE also an unknown or foreign account), 2 collection not found (GET, POST and PUT on an unknown or foreign account, unknown route)',
  405: '69 method not supported',
  409: '10 JSON resource conflict (`invalidFields`): taken tuple, disallowed transition, changed read-only field, lost races',
  412: '38 precondition failed (stale `If-Match`)',
  413: '85 body too large',
  415: '32 unsupported content type',
  503: '41 service unavailable (`Retry-After`)',
};

export const accountsErrorName = (status: number): string => `AccountsError${status}`;

export const accountsResponses: Record<string, unknown> = {
  ...Object.fromEntries(
    Object.entries(PROBLEMS).map(([status, description]) => [
      accountsErrorName(Number(status)),
      {
        description: `Astra problem ${description}`,
        headers: responseHeaders(...(['409', '503'].includes(status) ? (['RetryAfter'] as const) : [])),
        content: { 'application/problem+json': { schema: { anyOf: PROBLEM_NUMBERS.filter((n) => ASTRA_PROBLEMS[n]?.status === Number(status)).map(problemRef) } } },
      },
    ]),
  ),
  AstraPackageCreated: { description: 'Created, in state `verifying`.', headers: responseHeaders('ETag', 'Location', 'XConsistencyToken'), content: content('AstraPackage') },
  AstraPackageRead: { description: 'The package.', headers: responseHeaders('ETag'), content: content('AstraPackage') },
  AstraWritten: { description: 'Done (a PUT that changes nothing appends no event).', headers: responseHeaders('ETag', 'XConsistencyToken') },
  AstraPackageList: { description: 'A page of packages.', headers: responseHeaders(), content: pageContent('AstraPackageList') },
  AstraHistory: { description: "The package's events, oldest first; readable after a delete.", headers: responseHeaders(), content: pageContent('AstraHistory') },
};

export const accountsErrors = (...statuses: number[]): Record<string, string> =>
  Object.fromEntries(statuses.map((status) => [String(status), accountsErrorName(status)]));

const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: UUID });
const query = (name: string, description: string, schema: JsonSchema) => ({ name, in: 'query', required: false, description, schema });

export const accountsParameters = {
  AccountId: path('account_id', 'The account (lower-case UUID); one not in the token answers as a missing collection.'),
  PackageId: path('package_id', 'The package (lower-case UUID).'),
  AstraFilter: query('filter', "`field op 'value'` (op eq lt gt lte gte), comma-joined = AND; fields id, packageName, packageVersion, packageType, severityLevel, packageState, metadata.creationTimestamp.", { type: 'string' }),
  AstraOrderBy: query('orderBy', '`field` or `field desc`; `packageVersion` sorts by version precedence.', { type: 'string' }),
  AstraInclude: query('include', 'Comma-separated fields: items become arrays of those fields in that order.', { type: 'string' }),
  AstraLimit: query('limit', 'Page size.', { type: 'integer', minimum: 1, maximum: 1000, default: 1000 }),
  AstraSkip: query('skip', 'Items to skip.', { type: 'integer', minimum: 0, default: 0 }),
  AstraContinue: query('continue', '`metadata.continue` of the previous page.', { type: 'string' }),
  AstraCount: query('count', '`true`: `metadata.count` is the total before paging.', { type: 'boolean' }),
  AstraAsOf: query('asOf', AS_OF_DESCRIPTION, AS_OF_SCHEMA),
};
