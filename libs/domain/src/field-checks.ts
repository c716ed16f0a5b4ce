// Value checks shared by both families. Each appends to an issue list instead of throwing, so a
// request with several mistakes is answered with all of them at once.
import type { FieldIssue } from './errors.js';

export type Issues = FieldIssue[];

/** Length in Unicode code points, as JSON Schema's minLength/maxLength count it. */
export const codePoints = (value: string): number => {
  let count = 0;
  for (const _char of value) count += 1;
  return count;
};

export const checkString = (
  issues: Issues,
  path: string,
  value: unknown,
  min: number,
  max: number,
): value is string => {
  if (typeof value !== 'string') {
    issues.push({ path, message: 'must be a string', value });
    return false;
  }
  const length = codePoints(value);
  if (length < min || length > max) {
    const message =
      max === Infinity ? `must be at least ${min} character${min === 1 ? '' : 's'} long` : `must be ${min}..${max} characters long`;
    issues.push({ path, message, value });
    return false;
  }
  return true;
};

export const checkOneOf = <T extends string>(
  issues: Issues,
  path: string,
  value: unknown,
  allowed: readonly T[],
): value is T => {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
  issues.push({ path, message: `must be one of ${allowed.join(', ')}`, value });
  return false;
};

export const checkArray = (issues: Issues, path: string, value: unknown): value is unknown[] => {
  if (Array.isArray(value)) return true;
  issues.push({ path, message: 'must be an array', value });
  return false;
};

export const checkObject = (issues: Issues, path: string, value: unknown): value is Record<string, unknown> => {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
  issues.push({ path, message: 'must be an object', value });
  return false;
};

/** JSON with object keys sorted, absent/undefined members dropped: equal text = deep-equal values. */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value));

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, member]) => [key, sortKeys(member)]));
};

/** Every array item must be unique by deep equality; reports each repeat at its own index. */
export const checkUniqueItems = (issues: Issues, path: string, items: readonly unknown[]): void => {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const key = canonicalJson(item);
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else issues.push({ path: `${path}[${index}]`, message: `duplicates ${path}[${first}]`, value: item });
  });
};

/** Checks each item of an optional array with `check`, then that the items are unique. */
export const checkEachItem = (
  issues: Issues,
  path: string,
  value: unknown,
  check: (item: unknown, at: string) => void,
): void => {
  if (isAbsent(value) || !checkArray(issues, path, value)) return;
  value.forEach((item, index) => check(item, `${path}[${index}]`));
  checkUniqueItems(issues, path, value);
};

/** Treats JSON `null` like an absent member, as both APIs do. */
export const isAbsent = (value: unknown): value is null | undefined => value === null || value === undefined;
