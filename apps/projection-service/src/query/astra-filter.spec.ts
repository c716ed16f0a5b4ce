import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { parseFilter } from './astra-filter.js';

const reasonOf = (text: string): string => {
  try {
    parseFilter(text);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).location).toBe('query.filter');
    return (error as Error).message;
  }
  throw new Error(`accepted: ${text}`);
};

describe('parseFilter', () => {
  it('reads one term per comma, with any spacing, in order', () => {
    expect(parseFilter("packageVersion gt '1.9.0'")).toEqual([{ field: 'packageVersion', op: 'gt', value: '1.9.0' }]);
    expect(parseFilter("packageState eq 'available',packageType  eq  'patch' , metadata.creationTimestamp gte '2022-10-06T20:58:16.305Z'")).toEqual([
      { field: 'packageState', op: 'eq', value: 'available' },
      { field: 'packageType', op: 'eq', value: 'patch' },
      { field: 'metadata.creationTimestamp', op: 'gte', value: '2022-10-06T20:58:16.305Z' },
    ]);
    expect(parseFilter('')).toEqual([]);
  });

  it('keeps commas and spaces inside quotes and reads a doubled quote as one', () => {
    expect(parseFilter("packageName eq 'a, b',packageName lt 'it''s'")).toEqual([
      { field: 'packageName', op: 'eq', value: 'a, b' },
      { field: 'packageName', op: 'lt', value: "it's" },
    ]);
  });

  it('takes any string for eq on packageVersion (matched as written) but a version for comparisons', () => {
    expect(parseFilter("packageVersion eq 'not-a-version'")).toHaveLength(1);
    expect(parseFilter("packageVersion lte 'v1.22'")).toEqual([{ field: 'packageVersion', op: 'lte', value: 'v1.22' }]);
    expect(reasonOf("packageVersion lt 'banana'")).toBe('packageVersion: "banana" is not a version');
  });

  it.each([
    ["size eq '1'", 'cannot filter on "size"; fields: id, packageName, packageVersion, packageType, severityLevel, packageState, metadata.creationTimestamp'],
    ["packageName ne 'a'", 'unknown operator "ne"; operators: eq, lt, gt, lte, gte'],
    ['packageName eq a', "expected \"field op 'value'\" at character 1"],
    ["packageName eq 'a' packageType eq 'patch'", "expected \"field op 'value'\" at character 1"],
    ["packageName eq 'a',", 'ends with a comma'],
    ["packageName eq 'a',,packageType eq 'patch'", "expected \"field op 'value'\" at character 20"],
    ["packageName eq 'unterminated", "expected \"field op 'value'\" at character 1"],
    ["packageState eq 'lost'", 'packageState: "lost" is not one of verifying, corrupt, incomplete, available'],
    ["packageType eq 'full'", 'packageType: "full" is not one of install, patch'],
    ["severityLevel eq 'low'", 'severityLevel: "low" is not one of recommended, critical'],
    ["metadata.creationTimestamp gt 'yesterday'", 'metadata.creationTimestamp: "yesterday" is not a date-time like 2022-10-06T20:58:16.305Z'],
    ["metadata.creationTimestamp gt '2022-13-45T00:00:00Z'", 'metadata.creationTimestamp: "2022-13-45T00:00:00Z" is not a date-time like 2022-10-06T20:58:16.305Z'],
  ])('refuses %p', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });
});
