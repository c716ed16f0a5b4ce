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

/** `prune(value) === undefined` without building the pruned copy. */
const isNothing = (value: unknown): boolean => {
  if (isAbsent(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value !== 'object') return false;
  for (const key in value as Record<string, unknown>) {
    if (Object.hasOwn(value as object, key) && !isNothing((value as Record<string, unknown>)[key])) return false;
  }
  return true;
};

/**
 * `canonicalJson(prune(a)) === canonicalJson(prune(b))`, compared in place: a PUT carries the whole
 * resource back (large `files` lists included), and serialising both sides of every field cost more
 * than the rest of the decision. `sameValueByJson` is the definition, kept for the property test.
 */
export const sameValue = (a: unknown, b: unknown): boolean => {
  const aNothing = isNothing(a);
  const bNothing = isNothing(b);
  if (aNothing || bNothing) return aNothing && bNothing;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (typeof a === 'object' || typeof b === 'object') {
    if (typeof a !== 'object' || typeof b !== 'object') return false;
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key in left) if (Object.hasOwn(left, key) && !sameValue(left[key], right[key])) return false;
    for (const key in right) if (Object.hasOwn(right, key) && !Object.hasOwn(left, key) && !isNothing(right[key])) return false;
    return true;
  }
  return JSON.stringify(a) === JSON.stringify(b);
};

export const sameValueByJson = (a: unknown, b: unknown): boolean => canonicalJson(prune(a)) === canonicalJson(prune(b));

/** One issue per read-only field whose value the body changes. */
export const readOnlyDifferences = (current: AccountPackageResource, body: AccountPackagePutBody): FieldIssue[] =>
  SPEC_FIELDS.filter((field) => !sameValue(current[field], body[field])).map((field) => ({
    path: field,
    message: 'cannot be changed: only packageState, packageStateDetails and metadata.labels can',
    value: body[field],
  }));

/**
 * The spec fields of a body, absent ones left out: what PackageCreated stores. The values are the
 * body's own (a request body parsed for this command alone, never changed afterwards): `evolve`
 * copies the event's data into the state, so copying here too cloned large bodies twice.
 */
export const pickSpec = (spec: AccountPackageSpec): AccountPackageSpec => {
  const picked: Record<string, unknown> = {};
  for (const field of SPEC_FIELDS) {
    if (!isAbsent(spec[field])) picked[field] = spec[field];
  }
  return picked as AccountPackageSpec;
};
