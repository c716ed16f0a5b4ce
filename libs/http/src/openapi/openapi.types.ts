// The slice of OpenAPI 3.1 the route tables produce. Schemas are JSON Schema 2020-12 (3.1 embeds it
// as is), so the seed schemas in schemas/http/ become components without translation.

export type JsonSchema = Record<string, unknown>;
export type Ref = { $ref: string };

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string; license: { name: string } };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};

/** Who may call a route (SPEC §3); the builder turns it into `security` and a sentence. */
export type Access = 'public' | 'token' | 'catalog-admin' | 'account-viewer' | 'account-member';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export type Tag = 'catalog' | 'accounts' | 'operations';

/**
 * One route a service serves. `parameters`, `requestBody` and string `responses` name components
 * (components.parameters / requestBodies / responses), so the tables stay one line per fact.
 */
export type RouteSpec = {
  method: HttpMethod;
  /** OpenAPI template in the seed's form (`/packages/{package}/`); the service also answers without the slash. */
  path: string;
  operationId: string;
  summary: string;
  tag: Tag;
  access: Access;
  parameters?: string[];
  requestBody?: string;
  responses: Record<string, string>;
};

export const ref = (kind: string, name: string): Ref => ({ $ref: `#/components/${kind}/${name}` });
