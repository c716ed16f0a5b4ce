// `filter` of the account package list (SPEC §5.2): `field op 'value'`, comma-joined = AND.
import { PACKAGE_TYPES, SEVERITY_LEVELS } from '../../../../libs/domain/src/accounts/account-package.rules.js';
import { PACKAGE_STATES } from '../../../../libs/domain/src/accounts/account-package.transitions.js';
import { parseLooseVersion } from '../../../../libs/domain/src/accounts/package-version.js';
import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';

export const FILTER_FIELDS = [
  'id',
  'packageName',
  'packageVersion',
  'packageType',
  'severityLevel',
  'packageState',
  'metadata.creationTimestamp',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export const FILTER_OPS = ['eq', 'lt', 'gt', 'lte', 'gte'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type FilterTerm = { field: FilterField; op: FilterOp; value: string };

// One term, then a comma or the end. A quote inside a value is written twice (`'it''s'`).
const TERM = /\s*([A-Za-z][A-Za-z.]*)\s+([a-z]+)\s+'((?:[^']|'')*)'\s*(,|$)/y;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const ENUMS: Partial<Record<FilterField, readonly string[]>> = {
  packageType: PACKAGE_TYPES,
  severityLevel: SEVERITY_LEVELS,
  packageState: PACKAGE_STATES,
};

const invalid = (reason: string, text: string): BadRequestError => new BadRequestError('query.filter', reason, text);

/** Parses the whole expression; every term must hold (AND). Empty → no terms. */
export function parseFilter(text: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  if (text.trim() === '') return terms;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < text.length) {
    const at = TERM.lastIndex;
    const match = TERM.exec(text);
    if (match === null) throw invalid(`expected "field op 'value'" at character ${at + 1}`, text);
    terms.push(checkTerm(match[1] ?? '', match[2] ?? '', (match[3] ?? '').replaceAll("''", "'"), text));
    if (match[4] === ',' && TERM.lastIndex === text.length) throw invalid('ends with a comma', text);
  }
  return terms;
}

function checkTerm(field: string, op: string, value: string, text: string): FilterTerm {
  if (!(FILTER_FIELDS as readonly string[]).includes(field)) {
    throw invalid(`cannot filter on "${field}"; fields: ${FILTER_FIELDS.join(', ')}`, text);
  }
  if (!(FILTER_OPS as readonly string[]).includes(op)) throw invalid(`unknown operator "${op}"; operators: ${FILTER_OPS.join(', ')}`, text);
  const term = { field: field as FilterField, op: op as FilterOp, value };
  const reason = valueProblem(term);
  if (reason) throw invalid(`${field}: ${reason}`, text);
  return term;
}

function valueProblem({ field, op, value }: FilterTerm): string | undefined {
  const allowed = ENUMS[field];
  if (allowed && !allowed.includes(value)) return `"${value}" is not one of ${allowed.join(', ')}`;
  if (field === 'packageVersion' && op !== 'eq' && parseLooseVersion(value) === null) return `"${value}" is not a version`;
  if (field === 'metadata.creationTimestamp' && (!ISO_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
    return `"${value}" is not a date-time like 2022-10-06T20:58:16.305Z`;
  }
  return undefined;
}
