// What a PUT may and may not change. The body is the resource as a GET returned it: only the state,
// its details and the labels are writable; every other field must come back as it is.
import type { FieldIssue } from '../errors.js';
import { canonicalJson, isAbsent } from '../field-checks.js';
import type { AccountPackageResource, AccountPackageSpec } from './account-package.events.js';
import type { AccountPackagePutBody } from './account-package.commands.js';

/** The client-supplied fields of the resource, in wire order. */
export const SPEC_FIELDS = [
  'type',
  'version',
  'packageName',
  'packageVersion',
  'packageType',
  'bundleName',
  'severityLevel',
  'images',
  'artifacts',
  'files',
  'upgradableVersions',
  'dependencies',
] as const satisfies readonly (keyof AccountPackageSpec)[];

type SpecField = (typeof SPEC_FIELDS)[number];
// Compile-time guard: a field added to AccountPackageSpec must be listed above, or a PUT could
// silently change it.
const _everySpecField: [Exclude<keyof AccountPackageSpec, SpecField>] extends [never] ? true : never = true;

/**
 * Absent, `null`, `[]` and `{}` all mean "nothing" — a GET may render an absent optional array as
 * `[]`, and a GET → PUT round trip must not read as a change.
 */
const prune = (value: unknown): unknown => {
  if (isAbsent(value)) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => prune(item) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([key, member]) => [key, prune(member)] as const)
    .filter(([, member]) => member !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
};

export const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(prune(a)) === canonicalJson(prune(b));

/** One issue per read-only field whose value the body changes. */
export const readOnlyDifferences = (current: AccountPackageResource, body: AccountPackagePutBody): FieldIssue[] =>
  SPEC_FIELDS.filter((field) => !sameValue(current[field], body[field])).map((field) => ({
    path: field,
    message: 'cannot be changed: only packageState, packageStateDetails and metadata.labels can',
    value: body[field],
  }));

/** The spec fields of a body, absent ones left out: what PackageCreated stores. */
export const pickSpec = (spec: AccountPackageSpec): AccountPackageSpec => {
  const picked: Record<string, unknown> = {};
  for (const field of SPEC_FIELDS) {
    if (!isAbsent(spec[field])) picked[field] = structuredClone(spec[field]);
  }
  return picked as AccountPackageSpec;
};
