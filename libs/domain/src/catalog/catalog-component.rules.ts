// Value rules of PackageComponents (SPEC §4.4).
import type { FieldIssue } from '../errors.js';
import { checkString, isAbsent, type Issues } from '../field-checks.js';
import type { ComponentBody } from './catalog-package.commands.js';
import type { ComponentFields } from './catalog-package.events.js';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH, parseVersionSetNumber } from './catalog-package.rules.js';

export const MAX_COMPONENT_NAME_LENGTH = 255;

const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;

/**
 * 1..255 characters, no whitespace or control characters; `.` and `..` are refused too, because
 * clients resolve them as path segments before a request is sent, so such a component could not
 * be addressed.
 */
export const componentNameIssues = (name: unknown, path = 'name'): FieldIssue[] => {
  const issues: Issues = [];
  if (!checkString(issues, path, name, 1, MAX_COMPONENT_NAME_LENGTH)) return issues;
  if (WHITESPACE_OR_CONTROL.test(name)) {
    issues.push({ path, message: 'must not contain whitespace or control characters', value: name });
  } else if (name === '.' || name === '..') {
    issues.push({ path, message: 'must not be "." or ".." (they are path segments in a URL)', value: name });
  }
  return issues;
};

export const isComponentName = (name: string): boolean => componentNameIssues(name).length === 0;

/** Every value rule of a component create or PUT body. */
export const componentBodyIssues = (body: ComponentBody): FieldIssue[] => {
  const issues: Issues = componentNameIssues(body.name);
  checkString(issues, 'title', body.title, 1, MAX_TITLE_LENGTH);
  if (typeof body.primary !== 'boolean') issues.push({ path: 'primary', message: 'must be a boolean', value: body.primary });
  if (!isAbsent(body.description)) checkString(issues, 'description', body.description, 0, MAX_DESCRIPTION_LENGTH);
  return issues;
};

/** The event data of a (valid) body; an absent description stays absent (a PUT that omits it clears it). */
export const normalizeComponent = (packageId: string, number: number, body: ComponentBody): ComponentFields => ({
  package: packageId,
  versionset_number: number,
  name: body.name,
  title: body.title,
  primary: body.primary,
  ...(isAbsent(body.description) ? {} : { description: body.description }),
});

/** The composite component id, `<package id or alias>:<number>:<name>`. */
export const componentId = (packageRef: string, number: number, name: string): string => `${packageRef}:${number}:${name}`;

/**
 * A composite component id split at its first two colons (a name may hold more); null when a part
 * is missing or the number is not a decimal integer (→ 404).
 */
export const parseComponentId = (text: string): { packageRef: string; number: number; name: string } | null => {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first <= 0 || second < 0) return null;
  const number = parseVersionSetNumber(text.slice(first + 1, second));
  const name = text.slice(second + 1);
  return number === null || name === '' ? null : { packageRef: text.slice(0, first), number, name };
};
