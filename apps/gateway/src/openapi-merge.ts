import { route } from './routing.js';

type OpenApiDocument = {
  openapi?: string;
  info?: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string }[];
  [key: string]: unknown;
};

/**
 * Merges the command service's and the query service's documents into one: the gateway serves both
 * method sets on the same paths. Components of the same name are the same schema in both services.
 * Paths the gateway hides (`/metrics`: the scraper asks each service) are left out.
 */
export function mergeOpenApi(command: OpenApiDocument, query: OpenApiDocument): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of [query, command]) {
    for (const [path, operations] of Object.entries(doc.paths ?? {})) {
      if (route('GET', path) === 'hidden') continue;
      paths[path] = { ...(paths[path] ?? {}), ...operations };
    }
  }
  const components: Record<string, Record<string, unknown>> = {};
  for (const doc of [query, command]) {
    for (const [kind, entries] of Object.entries(doc.components ?? {})) {
      components[kind] = { ...(components[kind] ?? {}), ...entries };
    }
  }
  const tagNames = new Set<string>();
  const tags = [...(query.tags ?? []), ...(command.tags ?? [])].filter((tag) => !tagNames.has(tag.name) && tagNames.add(tag.name));
  const license = query.info?.['license'] ?? command.info?.['license'];
  const servers = query['servers'] ?? command['servers'];
  return {
    openapi: query.openapi ?? command.openapi ?? '3.0.0',
    info: { title: 'Artifact Register API', version: String(query.info?.version ?? command.info?.version ?? '1.0'), ...(license !== undefined && { license }) },
    ...(servers !== undefined && { servers }),
    paths,
    components,
    tags,
  };
}
