// Path segments and query strings: the planted ids, near misses, malformed ids, and strings no id
// could be, encoded as a client would — or not quite (raw reserved characters, broken escapes).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { hostileString, LIMIT_LENGTHS, numberText } from './values.js';

/** Percent-encodes like encodeURIComponent, also for lone surrogates (as their UTF-8 replacement). */
export function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}

/** Printable ASCII stays as typed (minus the characters that would end the segment); the rest is escaped. */
const loose = (text: string): string => enc(text).replace(/%(2[1-9A-C]|3[AB]|40|5[BDE]|60|7[BCD])/gi, (m) => decodeURIComponent(m));

export const segment = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: text.map(enc) },
    { weight: 2, arbitrary: text.map(loose) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%2F', '%2e%2e', '..', '.', '%C0%AF', 'a%ZZb') },
  );

const uuid = fc.constant(null).map(() => randomUUID());

export const missingPackageRef = fc.oneof(uuid.map((u) => `pkg_${u}`), fc.constantFrom('pkg_', 'no-such-alias', 'pkg_00000000-0000-4000-8000-000000000000'));
export const badPackageRef = segment(fc.oneof(hostileString.filter((s) => s !== ''), fc.constantFrom('PKG_X', 'pkg_ZZZ', 'a b', 'x'.repeat(300))));

export const badNumber = segment(fc.oneof(fc.constantFrom('-1', '1.0', '01', '1e2', '0x1', '99999999999999999999', '2147483648', '9007199254740991', ' 1', '１', 'one', '1;2', '1:2'), hostileString.filter((s) => !/^[1-9]\d*$/.test(s))));

export const badUuid = segment(fc.oneof(uuid.map((u) => u.toUpperCase()), uuid.map((u) => u.replace(/-/g, '')), uuid.map((u) => `${u}0`), uuid.map((u) => ` ${u}`), hostileString.filter((s) => s !== '')));

/** A query string from [name, value] pairs, each pair encoded strictly, loosely or broken. */
export function queryString(pairs: fc.Arbitrary<[string, string][]>): fc.Arbitrary<string> {
  const render = fc.constantFrom('strict', 'loose', 'bare');
  return fc.tuple(pairs, fc.array(render, { minLength: 8, maxLength: 8 })).map(([list, modes]) => {
    if (list.length === 0) return '';
    const parts = list.map(([name, value], i) => {
      const mode = modes[i % modes.length];
      if (mode === 'bare') return enc(name);
      const e = mode === 'loose' ? loose : enc;
      return `${e(name)}=${e(value)}`;
    });
    return `?${parts.join('&')}`;
  });
}

/** Values for named parameters: plausible, boundary and hostile. */
export const paramValue = (plausible: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...plausible) },
    { weight: 1, arbitrary: numberText },
    { weight: 1, arbitrary: fc.constantFrom(...LIMIT_LENGTHS).map(String) },
    { weight: 2, arbitrary: hostileString },
  );

/** Pairs drawn from the route's parameters (some repeated) plus unknown names. */
export function queryPairs(params: Record<string, readonly string[]>): fc.Arbitrary<[string, string][]> {
  const names = Object.keys(params);
  if (names.length === 0) names.push('x');
  const known = fc.constantFrom(...names).chain((name) => paramValue(params[name] ?? ['']).map((v): [string, string] => [name, v]));
  const unknown = fc.tuple(fc.oneof(hostileString, fc.constantFrom('pageSize', 'PAGE_SIZE', 'limit', 'a[b]', 'filter[]', '__proto__')), hostileString).map(([n, v]): [string, string] => [n, v]);
  return fc.array(fc.oneof({ weight: 5, arbitrary: known }, { weight: 1, arbitrary: unknown }), { maxLength: 4 });
}
