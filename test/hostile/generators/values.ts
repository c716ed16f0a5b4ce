// Hostile values: strings at and around every length limit, unicode and control characters,
// numbers JSON.stringify cannot write, deep nesting, and JSON text with duplicate keys.
import fc from 'fast-check';

/** Lengths where a limit of the SPEC sits, and just past it. */
export const LIMIT_LENGTHS = [0, 1, 31, 32, 33, 63, 64, 100, 101, 199, 200, 201, 211, 212, 255, 256, 511, 512, 1023, 1024, 1025, 10_000, 10_001] as const;

const SPECIALS = [
  '', ' ', '\u0000', 'a\u0000b', '\u0001\u001f\u007f', '\t\r\n', '\r\nX-Injected: 1', '\u202e\u2066rtl', '\ud800', 'a\udc00b', '\ufeff', '\uffff',
  '😀', '👩‍👩‍👧‍👦', 'ｆｕｌｌ', 'é', 'e\u0301', 'İ', 'ß', 'null', 'undefined', 'true', '0', '-0', '1e309', 'NaN', 'Infinity',
  '__proto__', 'constructor', 'prototype', 'toString', '../../etc/passwd', '..%2f..%2f', '%00', '%', '%zz', '%E0%A4%A', "' OR '1'='1", '"; DROP TABLE catalog_packages; --',
  '${jndi:ldap://x/a}', '{{7*7}}', '<script>alert(1)</script>', 'pkg_', 'pkg_00000000-0000-4000-8000-000000000000', '*', '?', '#', '/', '\\', ':', ',', ';',
  "'", '"', 'a b', 'A', 'UPPER-case', '-', '.', '_', '..', 'a..b', 'eq', "id eq 'x'", 'desc', ' '.repeat(64),
] as const;

export const special = fc.constantFrom(...SPECIALS);

/** Any string a client could send, with a strong bias towards the interesting ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: special },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...LIMIT_LENGTHS), fc.constantFrom('x', 'é', '😀', '\u0000', ' ', 'a-')).map(([n, c]) => c.repeat(n)) },
);

/** Far past any field limit but under the body limit. */
export const hugeString = fc.integer({ min: 65_536, max: 300_000 }).map((n) => 'z'.repeat(n));

/** Numbers as JSON text, including ones no JSON.stringify would write. */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '-0', '1', '-1', '1.5', '1e400', '-1e400', '1e-400', '9007199254740993', '123456789012345678901234567890', '2147483648', '0.0000001', '1E2', '5e-324'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);

/** A JSON value of any type, as text (some deeply nested, some with duplicate keys). */
export const jsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: hostileString.map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: numberText },
  { weight: 1, arbitrary: fc.constantFrom('null', 'true', 'false', '[]', '{}', '[null]', '{"":""}') },
  { weight: 1, arbitrary: deepNesting() },
  { weight: 1, arbitrary: fc.tuple(hostileString, jsonValueSmall(), jsonValueSmall()).map(([k, a, b]) => `{${JSON.stringify(k)}:${a},${JSON.stringify(k)}:${b}}`) },
);

function jsonValueSmall(): fc.Arbitrary<string> {
  return fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v));
}

/** `[[[…]]]` or `{"a":{"a":…}}` up to 100 000 levels (still far under the body limit). */
export function deepNesting(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(10, 100, 1_000, 5_000, 20_000, 100_000), fc.boolean()).map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );
}

/** A value of a JSON type other than `kind`. */
export function wrongType(kind: 'string' | 'number' | 'boolean' | 'array' | 'object'): fc.Arbitrary<string> {
  const byKind: Record<string, fc.Arbitrary<string>> = {
    string: hostileString.map((s) => JSON.stringify(s)),
    number: numberText,
    array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }).map((a) => JSON.stringify(a)),
    object: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }).map((o) => JSON.stringify(o)),
    boolean: fc.boolean().map(String),
  };
  return fc.oneof(...Object.entries(byKind).filter(([k]) => k !== kind).map(([, a]) => a));
}

/** An object as JSON text from [key, value text] pairs: keeps duplicate keys and raw numbers. */
export const objectText = (entries: readonly (readonly [string, string])[]): string =>
  `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
