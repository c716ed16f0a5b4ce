// Reads what the deployment tests check: the repository's files, compose, Kubernetes manifests, and the
// configuration keys and health routes the code itself knows.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const repoPath = (...parts: string[]): string => join(ROOT, ...parts);
export const readRepoFile = (path: string): string => readFileSync(repoPath(path), 'utf8');
export const repoFileExists = (path: string): boolean => existsSync(repoPath(path));

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };

/** YAML with compose's `<<` merge keys resolved. */
export const readYaml = <T>(path: string): T => parse(readRepoFile(path), { merge: true }) as T;

export function readManifests(path: string): Manifest[] {
  return parseAllDocuments(readRepoFile(path)).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message}`);
    return doc.toJS() as Manifest;
  });
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** SPEC §2's keys, for apps whose config module does not exist yet. */
export const SPEC_KEYS = [
  'NATS_URL', 'DATABASE_URL', 'AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'EVENT_STREAM',
  'STREAM_REPLICAS', 'DUPLICATE_WINDOW', 'CONSISTENCY_WAIT_MS', 'BODY_LIMIT_BYTES', 'IDEMPOTENCY_TTL',
  'READY_LAG_THRESHOLD', 'MAX_DELIVER', 'LOG_LEVEL', 'CORS_ORIGINS', 'COMMAND_PORT', 'QUERY_PORT', 'GATEWAY_PORT',
];

/** Variables the Node runtime reads, not the apps' configuration. */
export const RUNTIME_KEYS = ['NODE_ENV', 'NODE_OPTIONS'];

const configFile = (path: string): boolean =>
  /\/(config|[a-z0-9-]+\.config)\.ts$/.test(path) || /\/libs\/http\/src\/config\/[^/]+\.ts$/.test(path);

/** Every `'UPPER_SNAKE'` literal in the apps' and libs' configuration modules. */
export function configKeys(): Set<string> {
  const files = [...walk(repoPath('apps')), ...walk(repoPath('libs'))].filter((f) => configFile(f) && !f.endsWith('.spec.ts'));
  const keys = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/['"]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"]/g)].map((m) => m[1] ?? ''));
  return new Set(keys);
}

export const appHasConfig = (app: string): boolean => repoFileExists(`apps/${app}/src/config.ts`);

/** Keys `.env.example` documents (`KEY=` lines, commented-out ones too), or null while it does not exist. */
export function envExampleKeys(): Set<string> | null {
  if (!repoFileExists('.env.example')) return null;
  const keys = [...readRepoFile('.env.example').matchAll(/^\s*#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] ?? '');
  return new Set(keys);
}

/** `/health/<x>` routes of the services' health controller (`@Controller('health')` + `@Get('x')`). */
export function healthRoutes(): Set<string> {
  const routes = walk(repoPath('libs')).concat(walk(repoPath('apps')))
    .filter((f) => f.endsWith('.controller.ts'))
    .map((f) => readFileSync(f, 'utf8'))
    .filter((text) => /@Controller\(\s*'health'\s*\)/.test(text))
    .flatMap((text) => [...text.matchAll(/@Get\(\s*'([a-z-]+)'\s*\)/g)].map((m) => `/health/${m[1]}`));
  return new Set(routes);
}

/** A `.dockerignore` decision for a path of the build context: the last matching pattern wins. */
export function dockerIgnored(patterns: string[], path: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\0').replace(/\*/g, '[^/]*').replace(/\0/g, '.*')}(/.*)?$`);
    if (regex.test(path)) ignored = !negated;
  }
  return ignored;
}

export const dockerignorePatterns = (): string[] =>
  readRepoFile('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));

/** Kubernetes memory quantities (`256Mi`, `1Gi`, `500M`) in bytes. */
export function memoryBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(quantity);
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  const units: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, K: 1e3, M: 1e6, G: 1e9 };
  return Number(match[1]) * (units[match[2] ?? ''] ?? 1);
}

export const relativeToRoot = (path: string): string => relative(ROOT, path);

const SPEC_PORTS: Record<string, number> = { COMMAND_PORT: 3000, QUERY_PORT: 3001, GATEWAY_PORT: 8080 };

/** A port key's default as the code's config declares it (`integer(env, 'KEY', {..., default: N})`). */
export function defaultPort(key: string): number {
  const files = [...walk(repoPath('apps')), ...walk(repoPath('libs'))].filter((f) => configFile(f) && !f.endsWith('.spec.ts'));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const match = new RegExp(`'${key}'\\s*,\\s*(?:\\{[^}]*default:\\s*(\\d+)|(\\d+)\\s*\\))`).exec(text);
    if (match) return Number(match[1] ?? match[2]);
  }
  const spec = SPEC_PORTS[key];
  if (spec === undefined) throw new Error(`no default known for ${key}`);
  return spec;
}
