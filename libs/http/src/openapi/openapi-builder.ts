import { accountsParameters, accountsRequestBodies, accountsResponses, accountsSchemas } from './accounts.components.js';
import { catalogParameters, catalogRequestBodies, catalogResponses, catalogSchemas, catalogSuccess } from './catalog.components.js';
import { webhookParameters, webhookRequestBodies, webhookResponses, webhookSchemas } from './webhooks.components.js';
import { ref, type Access, type OpenApiDocument, type RouteSpec } from './openapi.types.js';
import { securitySchemes, sharedHeaders, sharedParameters, sharedResponses, sharedSchemas, TRACING_PARAMETERS } from './shared.components.js';

export const API_VERSION = '1.0.0';

/** No licence is granted (package.json: UNLICENSED); the document says so rather than nothing (docs/decisions.md). */
export const API_LICENSE = { name: 'Proprietary: no licence granted' };

/**
 * Relative to the document's own URL: a service serves its document, the gateway the merged one, and
 * either way the API answers on the host that served it.
 */
export const API_SERVERS = [{ url: '/', description: 'The host that served this document (a service or the gateway).' }];

const ACCESS: Record<Access, string> = {
  public: 'Public: no token.',
  token: 'Any valid bearer token.',
  'catalog-admin': 'Bearer token with role admin or owner (the catalog is shared by every account).',
  'account-viewer': "Bearer token naming the account (or `*`), role viewer or higher; another account answers 404 problem 2.",
  'account-member': "Bearer token naming the account (or `*`), role member or higher; another account answers 404 problem 2.",
};

const TAGS = [
  { name: 'catalog', description: 'Chkk-compatible catalog: Packages and their VersionSets (snake_case, ErrorModel errors).' },
  { name: 'accounts', description: 'Astra-compatible account packages with a verification lifecycle (camelCase, Astra problems).' },
  { name: 'operations', description: 'Health, metrics, schemas and these documents: public.' },
];

/** Every component either service can use; `buildOpenApiDocument` keeps the ones its routes reach. */
function allComponents(): OpenApiDocument['components'] {
  return {
    schemas: { ...sharedSchemas, ...catalogSchemas(), ...accountsSchemas, ...webhookSchemas },
    parameters: { ...sharedParameters, ...catalogParameters, ...accountsParameters, ...webhookParameters },
    requestBodies: { ...catalogRequestBodies, ...accountsRequestBodies, ...webhookRequestBodies },
    responses: { ...sharedResponses, ...catalogSuccess, ...catalogResponses, ...accountsResponses, ...webhookResponses },
    headers: { ...sharedHeaders },
    securitySchemes: { ...securitySchemes },
  };
}

function operation(route: RouteSpec): Record<string, unknown> {
  const parameters = [...(route.parameters ?? []), ...(route.tag === 'operations' ? [] : TRACING_PARAMETERS)];
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: ACCESS[route.access],
    tags: [route.tag],
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    ...(parameters.length > 0 && { parameters: parameters.map((name) => ref('parameters', name)) }),
    ...(route.requestBody && { requestBody: ref('requestBodies', route.requestBody) }),
    responses: Object.fromEntries(Object.entries(route.responses).map(([status, name]) => [status, ref('responses', name)])),
  };
}

/** `#/components/<kind>/<name>` of every `$ref` below `node`. */
export function refsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else refsIn(value, found);
    }
  }
  return found;
}

/** Keeps the components reachable from the paths (and every security scheme), following refs transitively. */
function reachable(paths: unknown, components: OpenApiDocument['components']): OpenApiDocument['components'] {
  const kept: OpenApiDocument['components'] = { securitySchemes: components['securitySchemes'] ?? {} };
  const pending = [...refsIn(paths)];
  for (let target = pending.pop(); target !== undefined; target = pending.pop()) {
    const [, , kind = '', name = ''] = target.split('/');
    const entry = components[kind]?.[name];
    if (entry === undefined || kept[kind]?.[name] !== undefined) continue;
    kept[kind] = { ...kept[kind], [name]: entry };
    pending.push(...refsIn(entry));
  }
  return kept;
}

export function buildOpenApiDocument(options: { title: string; description: string; routes: RouteSpec[] }): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of options.routes) paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  const usedTags = new Set(options.routes.map((route) => route.tag));
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: API_VERSION, description: options.description, license: API_LICENSE },
    servers: API_SERVERS,
    tags: TAGS.filter((tag) => usedTags.has(tag.name as RouteSpec['tag'])),
    paths,
    components: reachable(paths, allComponents()),
  };
}
