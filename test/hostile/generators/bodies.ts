// Write bodies that must be refused: a valid base body (noise in its values allowed), then at least
// one fault that no server may accept — generic (malformed JSON, not an object, wrong types,
// unknown or missing members, wrong content type, over the size limit) or specific to the route.
import fc from 'fast-check';
import { deepNesting, hostileString, hugeString, jsonText, objectText, special, wrongType } from './values.js';

export type Entries = [string, string][];
export type Field = { name: string; kind: 'string' | 'number' | 'boolean' | 'array' | 'object'; required?: boolean };
export type BodySpec = {
  base: () => Entries;
  fields: readonly Field[];
  /** [member, JSON text] pairs, each invalid for this route whatever else the body holds. */
  invalid: readonly (readonly [string, string])[];
  /** Members a client may echo but never set (create routes): writing them is refused. */
  serverOwned?: readonly string[];
};
export type Body = { text: string | undefined; contentType: string | undefined; fault: string };

export const BODY_LIMIT = 786_432;

const set = (entries: Entries, name: string, value: string): Entries => [...entries.filter(([k]) => k !== name), [name, value]];
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/astra-package+json', 'application/vnd.x+json'];

/** Noise that keeps the body's validity up to the fault: values of string members replaced, duplicate keys in front. */
function noisy(spec: BodySpec): fc.Arbitrary<Entries> {
  const strings = spec.fields.filter((f) => f.kind === 'string').map((f) => f.name);
  return fc.tuple(fc.array(fc.tuple(fc.constantFrom(...strings), hostileString), { maxLength: 2 }), fc.boolean()).map(([changes, duplicate]) => {
    let entries = spec.base();
    for (const [name, value] of changes) entries = set(entries, name, JSON.stringify(value));
    // A duplicate key earlier in the text loses to the later one (JSON.parse keeps the last).
    const first = entries[0];
    return duplicate && first ? [[first[0], '"shadowed"'] as [string, string], ...entries] : entries;
  });
}

function faults(spec: BodySpec): fc.Arbitrary<{ entries?: Entries; text?: string; fault: string }> {
  const names = spec.fields.map((f) => f.name);
  const required = spec.fields.filter((f) => f.required);
  const known = new Set([...names, '$schema', ...(spec.serverOwned ?? [])]);
  const options: fc.Arbitrary<{ entries?: Entries; text?: string; fault: string }>[] = [
    noisy(spec).map((e) => ({ text: objectText(e).slice(0, -1 - Math.floor(objectText(e).length / 3)), fault: 'malformed-json' })),
    fc.constantFrom('{', '{"a":}', "{'a':1}", '{"a":1,}', '{"a":NaN}', 'undefined', '\u0000', '{"a":1}}', '[1,2', '｛｝', '\ufeff{}x').map((text) => ({ text, fault: 'malformed-json' })),
    jsonText.filter((t) => !t.startsWith('{')).map((text) => ({ text, fault: 'not-an-object' })),
    noisy(spec).map((e) => ({ text: `{"__proto__":{"polluted":true},${objectText(e).slice(1)}`, fault: 'proto-key' })),
    fc.tuple(noisy(spec), fc.constantFrom(...names), deepNesting()).map(([e, name, deep]) => ({ entries: set(e, name, deep), fault: `deep:${name}` })),
    fc.tuple(noisy(spec), hostileString.filter((k) => !known.has(k)), jsonText).map(([e, k, v]) => ({ entries: [...e, [k, v] as [string, string]], fault: 'unknown-member' })),
    fc.tuple(noisy(spec), fc.constantFrom(...spec.fields)).chain(([e, field]) => wrongType(field.kind).map((v) => ({ entries: set(e, field.name, v), fault: `wrong-type:${field.name}` }))),
    fc.tuple(noisy(spec), fc.constantFrom(...spec.invalid)).map(([e, [name, value]]) => ({ entries: set(e, name, value), fault: `invalid:${name}` })),
    fc.tuple(noisy(spec), fc.constantFrom(...spec.fields.map((f) => f.name)), hugeString).map(([e, name, s]) => ({ entries: set(e, name, JSON.stringify(s)), fault: `huge:${name}` })),
  ];
  if (required.length > 0) {
    options.push(fc.tuple(noisy(spec), fc.constantFrom(...required)).map(([e, f]) => ({ entries: e.filter(([k]) => k !== f.name), fault: `missing:${f.name}` })));
  }
  if (spec.serverOwned && spec.serverOwned.length > 0) {
    options.push(fc.tuple(noisy(spec), fc.constantFrom(...spec.serverOwned), special).map(([e, k, v]) => ({ entries: set(e, k, JSON.stringify(v)), fault: `server-owned:${k}` })));
  }
  return fc.oneof(...options);
}

/** A body this route must refuse, in a JSON content type unless the fault is the content type or the size. */
export function refusedBody(spec: BodySpec): fc.Arbitrary<Body> {
  const jsonBody = fc.tuple(faults(spec), fc.constantFrom(...JSON_TYPES)).map(([f, contentType]) => ({
    text: f.text ?? objectText(f.entries ?? []),
    contentType,
    fault: f.fault,
  }));
  const wrongMedia = fc.tuple(noisy(spec), fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'json', '', 'application/octet-stream', 'text/json')).map(([e, contentType]) => ({
    text: objectText(e),
    contentType: contentType === '' ? undefined : contentType,
    fault: 'content-type',
  }));
  const oversized = fc.tuple(noisy(spec), fc.integer({ min: 1, max: 4096 })).map(([e, extra]) => {
    const text = objectText(e);
    return { text: text + ' '.repeat(Math.max(0, BODY_LIMIT + extra - Buffer.byteLength(text))), contentType: 'application/json', fault: 'over-body-limit' };
  });
  const absent = fc.constant({ text: undefined, contentType: undefined, fault: 'no-body' });
  return fc.oneof({ weight: 12, arbitrary: jsonBody }, { weight: 2, arbitrary: wrongMedia }, { weight: 1, arbitrary: oversized }, { weight: 1, arbitrary: absent });
}
