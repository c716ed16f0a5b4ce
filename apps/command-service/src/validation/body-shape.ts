import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { IsIn, validateSync, type ValidationError as ClassValidationError } from 'class-validator';
import type { FieldIssue } from '../../../../libs/domain/src/errors.js';
import { SchemaValidationError } from '../../../../libs/http/src/errors/schema-validation.error.js';
import { isPlainObject, shapePlanOf } from './shape-plan.js';

const MESSAGES: Record<string, string> = {
  isDefined: 'is required',
  isString: 'must be a string',
  isInt: 'must be an integer',
  isBoolean: 'must be a boolean',
  isArray: 'must be an array',
  isObject: 'must be an object',
  nestedValidation: 'must be an object',
};

/** A DTO member limited to `values`, worded like the domain's checkOneOf. */
export const oneOf = (values: readonly string[]): PropertyDecorator =>
  IsIn([...values], { message: `must be one of ${values.join(', ')}` });

/**
 * Checks the JSON shape of a body against a DTO (types, enums, required and unknown members; `null`
 * counts as absent) and returns it as plain JSON. Value rules (lengths, formats, ranges) stay with
 * the domain. Every member found wrong is reported once, located like `images[0].imageTag` or
 * `versioning.scheme`; top-level members in `serverOwned` are told apart from unknown ones.
 */
export function checkBodyShape<T extends object>(dto: ClassConstructor<T>, body: unknown, serverOwned: readonly string[] = []): T {
  // Accepted bodies are the common case: the compiled plan vouches for them without class-validator.
  if (isPlainObject(body) && shapePlanOf(dto)?.(body) === true) return body as T;
  const json = (body ?? {}) as Record<string, unknown>;
  const errors = validateSync(plainToInstance(dto, json), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
  });
  const issues = onePerPath([
    ...inheritedNameMembers(json, ''),
    ...errors.flatMap((error) => toIssues(error, { path: '', isArray: false }, serverOwned)),
  ]);
  if (body === undefined) issues.unshift({ path: '', message: 'a JSON object body is required' });
  if (issues.length > 0) throw new SchemaValidationError(issues);
  return json as T;
}

/** `toString`, `constructor`, `__proto__`…: names every object inherits. No DTO declares one. */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * class-validator's whitelist looks members up through the prototype chain, so a body member named
 * like an inherited property (`{"toString": 5}`) would pass as known. They are unknown members.
 */
function inheritedNameMembers(value: unknown, path: string): FieldIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => inheritedNameMembers(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) => {
    const at = path === '' ? key : `${path}.${key}`;
    return INHERITED_NAMES.has(key) ? [{ path: at, message: 'is not a known field', value: member }] : inheritedNameMembers(member, at);
  });
}

type Parent = { path: string; isArray: boolean };

/** class-validator names array items by index (`images.0`): they are located as `images[0]`. */
function memberPath(parent: Parent, property: string): string {
  if (parent.isArray) return `${parent.path}[${property}]`;
  return parent.path === '' ? property : `${parent.path}.${property}`;
}

function toIssues(error: ClassValidationError, parent: Parent, serverOwned: readonly string[]): FieldIssue[] {
  const path = memberPath(parent, error.property);
  const all = Object.keys(error.constraints ?? {});
  // A missing member is one issue, not also "must be a string".
  const constraints = all.includes('isDefined') ? ['isDefined'] : all;
  const own = constraints.flatMap((key) => issueFor(key, path, parent, error, serverOwned));
  const self = { path, isArray: Array.isArray(error.value) };
  const nested = (error.children ?? []).flatMap((child) => toIssues(child, self, serverOwned));
  return [...own, ...nested];
}

function issueFor(key: string, path: string, parent: Parent, error: ClassValidationError, serverOwned: readonly string[]): FieldIssue[] {
  const value: unknown = error.value;
  if (key === 'whitelistValidation') {
    const owned = parent.path === '' && serverOwned.includes(path);
    return [{ path, message: owned ? 'is set by the server and cannot be written' : 'is not a known field', value }];
  }
  // `{ each: true }` checks report the array; name each offending item, as `aliases[2]`.
  if (key === 'isString' && Array.isArray(value)) {
    return value.flatMap((item, index) =>
      typeof item === 'string' ? [] : [{ path: `${path}[${index}]`, message: 'must be a string', value: item }],
    );
  }
  const message = MESSAGES[key] ?? error.constraints?.[key] ?? 'is invalid';
  return [{ path, message, ...(value !== undefined && { value }) }];
}

/** A member failing several constraints (a string where an array of objects belongs) is one issue: the first. */
function onePerPath(issues: readonly FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}
